"""One notion of place for the whole hub.

Events, partnership projects, organisations and offers all inherit :class:`Located`, so a
postcode is parsed in one place (:mod:`hub.geocoder`) and :func:`near` answers "what is within
N miles of here" for any of them.
"""

import math

from django.core.exceptions import ValidationError
from django.db import models
from geopy.distance import geodesic

from hub import geocoder

EARTH_RADIUS_MILES = 3958.7613
MAX_RADIUS_MILES = 50


def bounding_box(point, radius_miles):
    """The latitude and longitude ranges that contain every point within the radius.

    The box is slightly generous (it uses the smallest Earth radius) so that the exact
    distance check afterwards never misses a point at its edges.
    """
    angular = radius_miles / (EARTH_RADIUS_MILES * 0.9966)
    lat_delta = math.degrees(angular)
    lat_min = max(point.latitude - lat_delta, -90.0)
    lat_max = min(point.latitude + lat_delta, 90.0)
    widest = max(abs(lat_min), abs(lat_max))
    if widest >= 89.9:
        return lat_min, lat_max, -180.0, 180.0
    lng_delta = math.degrees(angular / math.cos(math.radians(widest)))
    return lat_min, lat_max, point.longitude - lng_delta, point.longitude + lng_delta


def distance_miles(point, latitude, longitude):
    return geodesic((point.latitude, point.longitude), (latitude, longitude)).miles


def near(queryset, point, radius_miles, prefix=""):
    """Rows of ``queryset`` within ``radius_miles`` of ``point``, nearest first.

    Returns a list of ``(row, miles)``. The database narrows the rows to a bounding box on
    the indexed latitude and longitude columns; the exact geodesic distance is then worked
    out for the survivors only. ``prefix`` reaches a located model through a relation, e.g.
    ``near(Occurrence.objects.all(), point, 3, prefix="event__")``.
    """
    lat_min, lat_max, lng_min, lng_max = bounding_box(point, radius_miles)
    rows = queryset.filter(
        **{
            f"{prefix}latitude__range": (lat_min, lat_max),
            f"{prefix}longitude__range": (lng_min, lng_max),
        }
    )
    lat_field, lng_field = f"{prefix}latitude", f"{prefix}longitude"
    found = []
    for row in rows:
        latitude, longitude = _follow(row, lat_field), _follow(row, lng_field)
        miles = distance_miles(point, latitude, longitude)
        if miles <= radius_miles:
            found.append((row, miles))
    found.sort(key=lambda pair: pair[1])
    return found


def _follow(row, path):
    if isinstance(row, dict):
        return row[path]
    for part in path.split("__"):
        row = getattr(row, part)
    return row


class Located(models.Model):
    """A postcode, and the point on the map it stands for."""

    postcode = models.CharField(
        max_length=8,
        blank=True,
        help_text="The UK postcode, e.g. SN10 1AB. We use it to put this on the map.",
    )
    latitude = models.FloatField(null=True, blank=True, db_index=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, db_index=True, editable=False)
    pin_latitude = models.FloatField(
        "map pin latitude",
        null=True,
        blank=True,
        help_text="Only if the postcode puts the pin in the wrong place: the exact latitude.",
    )
    pin_longitude = models.FloatField(
        "map pin longitude",
        null=True,
        blank=True,
        help_text="Only if the postcode puts the pin in the wrong place: the exact longitude.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "postcode" in update_fields:
            self.locate()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.postcode:
            try:
                self.postcode = geocoder.normalise_postcode(self.postcode)
            except geocoder.InvalidPostcode as error:
                errors["postcode"] = str(error)
        if (self.pin_latitude is None) != (self.pin_longitude is None):
            errors["pin_longitude"] = "Give both the latitude and the longitude, or neither."
        if self.pin_latitude is not None and not 49 <= self.pin_latitude <= 61:
            errors["pin_latitude"] = "That latitude is outside the UK (49 to 61)."
        if self.pin_longitude is not None and not -9 <= self.pin_longitude <= 2:
            errors["pin_longitude"] = "That longitude is outside the UK (-9 to 2)."
        if errors:
            raise ValidationError(errors)

    @property
    def point(self):
        if self.latitude is None or self.longitude is None:
            return None
        return geocoder.Point(self.latitude, self.longitude)

    @property
    def location_problem(self):
        """Why this postcode could not be put on the map, in a sentence, or ''."""
        if not self.postcode or self.point is not None:
            return ""
        try:
            geocoder.geocode_postcode(self.postcode)
        except geocoder.PostcodeError as error:
            return str(error)
        return ""

    def locate(self):
        """Fill latitude and longitude from the hand-set pin, else from the postcode."""
        if self.pin_latitude is not None and self.pin_longitude is not None:
            self.latitude, self.longitude = self.pin_latitude, self.pin_longitude
            return
        self.latitude = self.longitude = None
        if not self.postcode:
            return
        try:
            self.postcode = geocoder.normalise_postcode(self.postcode)
            self.latitude, self.longitude = geocoder.geocode_postcode(self.postcode)
        except geocoder.PostcodeError:
            return
