"""One notion of place for the whole hub.

Events, partnership projects, organisations and offers all inherit :class:`Located`, so a
postcode is parsed in one place (:mod:`hub.geocoder`) and :func:`near` answers "what is within
N miles of here" for any of them.
"""

import math

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Q
from geopy.distance import geodesic

from hub import geocoder

# The largest radius any search may ask for. The public forms offer 1, 3, 5, 10 and 25 miles;
# this is the hard limit that near() itself enforces for every caller, so no query string or
# future form can make the database scan the whole country.
MAX_RADIUS_MILES = 50

# WGS84, the ellipsoid geopy's geodesic uses.
_A = 6378137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_METRES_PER_MILE = 1609.344
# The smallest radius of curvature anywhere on the ellipsoid (north-south, at the equator).
# No path of length d moves further than d / _M_MIN radians in latitude, nor further than
# d / (_A * cos(latitude)) in longitude, so a box built from these never clips the circle.
_M_MIN = _A * (1 - _E2)
_BOX_MARGIN = 1.001

# The quick estimate (see _estimator) is within 3e-5 of the geodesic, relatively, at UK
# latitudes and 3e-4 up to 80 degrees. Rows whose estimate is within this fraction of the
# radius of the edge are settled by the exact geodesic.
_ESTIMATE_TOLERANCE = 1e-3
_ESTIMATE_MAX_LATITUDE = 80.0


def bounding_box(point, radius_miles):
    """(lat_min, lat_max, lng_min, lng_max) containing every point within the radius.

    The box is a little generous, so that the exact distance check afterwards never misses a
    point at its edges. Longitudes may run past -180 or 180 where the circle crosses the
    antimeridian (near() wraps them); a circle reaching a pole spans every longitude.
    """
    metres = radius_miles * _METRES_PER_MILE * _BOX_MARGIN
    lat_delta = math.degrees(metres / _M_MIN)
    lat_min = max(point.latitude - lat_delta, -90.0)
    lat_max = min(point.latitude + lat_delta, 90.0)
    widest = max(abs(lat_min), abs(lat_max))
    if widest >= 89.999:
        return lat_min, lat_max, -180.0, 180.0
    lng_delta = math.degrees(metres / (_A * math.cos(math.radians(widest))))
    if lng_delta >= 180:
        return lat_min, lat_max, -180.0, 180.0
    return lat_min, lat_max, point.longitude - lng_delta, point.longitude + lng_delta


def _longitude_ranges(lng_min, lng_max):
    """The box's longitudes as ranges within [-180, 180], split at the antimeridian."""
    if lng_min < -180:
        return [(lng_min + 360, 180.0), (-180.0, lng_max)]
    if lng_max > 180:
        return [(lng_min, 180.0), (-180.0, lng_max - 360)]
    return [(lng_min, lng_max)]


def distance_miles(point, latitude, longitude):
    """The exact (WGS84 geodesic) distance between ``point`` and a latitude/longitude."""
    return geodesic((point.latitude, point.longitude), (latitude, longitude)).miles


def _estimator(point):
    """A fast distance in miles from ``point``: the ellipsoid flattened around the midpoint.

    Pythagoras on the north-south and east-west radii of curvature at the mid-latitude. It
    costs about 1 microsecond against geopy's 75 for the geodesic, and is within a few metres
    of it over MAX_RADIUS_MILES at UK latitudes (tests/hub/test_locations.py measures this).
    """
    lat0, lng0 = point.latitude, point.longitude
    radians, sin, cos, sqrt, hypot = math.radians, math.sin, math.cos, math.sqrt, math.hypot

    def estimate(latitude, longitude):
        mid = radians((lat0 + latitude) / 2)
        w = 1 - _E2 * sin(mid) ** 2
        normal = _A / sqrt(w)
        meridional = normal * (1 - _E2) / w
        d_lng = (longitude - lng0 + 180) % 360 - 180
        return (
            hypot(meridional * radians(latitude - lat0), normal * cos(mid) * radians(d_lng))
            / _METRES_PER_MILE
        )

    return estimate


def in_box(queryset, point, radius_miles, prefix=""):
    """``queryset`` narrowed, in the database, to the bounding box of the circle.

    A superset of what near() returns, as SQL: for queries that must be joined on (say, the
    dated occurrences of the events near a point) without sending a long list of ids back.
    Raises ValueError for a radius that is not a positive number up to MAX_RADIUS_MILES.
    """
    if not 0 < radius_miles <= MAX_RADIUS_MILES:
        raise ValueError(f"The radius must be more than 0 and at most {MAX_RADIUS_MILES} miles.")
    lat_min, lat_max, lng_min, lng_max = bounding_box(point, radius_miles)
    longitudes = Q()
    for low, high in _longitude_ranges(lng_min, lng_max):
        longitudes |= Q(**{f"{prefix}longitude__range": (low, high)})
    return queryset.filter(longitudes, **{f"{prefix}latitude__range": (lat_min, lat_max)})


def near(queryset, point, radius_miles, prefix=""):
    """Rows of ``queryset`` within ``radius_miles`` of ``point``, nearest first.

    Returns a list of ``(row, miles)``. The database narrows the rows to a bounding box on the
    indexed latitude and longitude columns. For the rows that survive, a fast estimate of the
    distance on the WGS84 ellipsoid sorts them and drops the box's corners; any row whose
    estimate is within 0.1% of the edge is settled by geopy's exact geodesic, so nothing on
    the edge is let in or left out wrongly. Near the poles, where the estimate is poor, every
    row gets the geodesic. ``prefix`` reaches a located model through a relation, e.g.
    ``near(Occurrence.objects.all(), point, 3, prefix="event__")``.

    Raises ValueError for a radius that is not a positive number up to MAX_RADIUS_MILES.
    """
    rows = in_box(queryset, point, radius_miles, prefix)
    lat_field, lng_field = f"{prefix}latitude", f"{prefix}longitude"
    lat_min, lat_max, _, _ = bounding_box(point, radius_miles)
    quick = max(abs(lat_min), abs(lat_max)) <= _ESTIMATE_MAX_LATITUDE
    estimate = _estimator(point)
    band = radius_miles * _ESTIMATE_TOLERANCE
    found = []
    for row in rows:
        latitude, longitude = _follow(row, lat_field), _follow(row, lng_field)
        miles = estimate(latitude, longitude) if quick else None
        if miles is None or abs(miles - radius_miles) <= band:
            miles = distance_miles(point, latitude, longitude)
        if miles <= radius_miles:
            found.append((row, miles))
    found.sort(key=lambda pair: pair[1])
    return found


def within_reach(rows, point, radius):
    """(pk, miles) of the rows whose own area reaches within ``radius`` of ``point``.

    For rows with a reach of their own (:func:`reach_field`, named ``radius_miles``): a
    project 8 miles away that reaches 10 serves someone searching within 1 mile. The database
    box goes as far out as the widest reach among the rows, never past ``MAX_RADIUS_MILES``
    (the hub's limit on any search); the distance is to the row's postcode, nearest first.
    """
    widest = rows.aggregate(widest=Max("radius_miles"))["widest"] or 0
    found = near(
        rows.values("pk", "latitude", "longitude", "radius_miles"),
        point,
        min(radius + widest, MAX_RADIUS_MILES),
    )
    return [(row["pk"], miles) for row, miles in found if miles <= radius + row["radius_miles"]]


def reach_field(verbose_name, help_text):
    """``radius_miles``: how far from its postcode something with an area of its own reaches
    (a project's area, how far an offer's givers can go), from 1 mile to the hub's limit."""
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS_MILES)],
        help_text=help_text,
    )


def describe_miles(miles):
    """A distance as people say it: "under 0.1 miles", "1 mile", "2.3 miles"."""
    miles = round(miles, 1)
    if miles < 0.1:
        return "under 0.1 miles"
    return "1 mile" if miles == 1 else f"{miles:g} miles"


def describe_distance(miles, reach_miles=None):
    """ "2.3 miles away"; for something beyond the searched radius, found only because its own
    area (``reach_miles``) reaches the searcher, "Serves your area (based 17.4 miles away)".
    The words of the map search and of the directories alike."""
    if reach_miles is not None:
        return f"Serves your area (based {describe_miles(miles)} away)"
    return f"{describe_miles(miles)} away"


def describe_serving(count):
    """ "2 more serve your area": how many were found beyond the radius by their own reach."""
    return f"{count} more {'serves' if count == 1 else 'serve'} your area"


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
    # Indexed with longitude (Meta.indexes below): near()'s box is a range on both.
    latitude = models.FloatField(null=True, blank=True, editable=False)
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
        """Concrete models must subclass this Meta (``class Meta(Located.Meta)``) to get the
        index, as Django only inherits an abstract model's Meta that way."""

        abstract = True
        indexes = [models.Index(fields=["latitude", "longitude"], name="%(class)s_lat_lng")]

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
        """Why this postcode could not be put on the map, in a sentence, or ''.

        Asks the postcode data rather than trusting ``latitude``, which is only filled in when
        the row is saved: a draft revision may carry a new postcode with an old point.
        """
        pinned = self.pin_latitude is not None and self.pin_longitude is not None
        if not self.postcode or pinned:
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
