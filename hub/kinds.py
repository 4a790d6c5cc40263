"""What the map search needs from each kind of located thing it finds.

A kind (events, partners, projects, offers...) is a :class:`Kind` object that its own app
lists in a ``search_kinds`` module (``KINDS = [...]``); the search app finds those when it
starts. A kind answers through its own listing's filter (:meth:`Kind.filter`): the search
gives it the visitor's words and place, and the kind finds exactly what its listing would
(``/partners/?q=`` and ``/search/?kind=partners&q=`` agree), nearest first, as
:class:`Result` objects ready for the list, a map marker and a GeoJSON feature.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from hub.locations import describe_distance, describe_miles


@dataclass
class Result:
    """One thing found, ready for the list, a map marker and a GeoJSON feature."""

    kind: "Kind"
    pk: int
    title: str
    url: str  # absolute
    latitude: float
    longitude: float
    miles: float
    summary: str = ""
    details: list[str] = field(default_factory=list)  # short facts: "Faith group · Verified"
    start: datetime | None = None  # events: the next matching date
    end: datetime | None = None
    all_day: bool = False
    status: str = ""  # events: the status's value, for the GeoJSON
    status_label: str = ""  # what to show for a status other than "going ahead as planned"
    cancelled: bool = False
    reach_miles: int | None = None  # set when found only because its own area reaches

    @property
    def dom_id(self):
        return f"result-{self.kind.name}-{self.pk}"

    @property
    def distance_label(self):
        return describe_miles(self.miles)

    @property
    def distance_text(self):
        """ "2.3 miles away", or "Serves your area (based 17.4 miles away)" for a result
        beyond the radius whose own area reaches the searcher."""
        return describe_distance(self.miles, self.reach_miles)

    def feature(self):
        """This result as an RFC 7946 GeoJSON Feature (coordinates longitude first)."""
        properties = {
            "kind": self.kind.name,
            "kind_label": self.kind.noun,
            "id": self.dom_id,
            "title": self.title,
            "url": self.url,
            "distance_miles": round(self.miles, 2),
            "distance": self.distance_label,
            "distance_text": self.distance_text,
        }
        if self.reach_miles is not None:
            properties["reach_miles"] = self.reach_miles
        if self.start is not None:
            properties.update(
                start=timezone.localtime(self.start).isoformat(),
                end=timezone.localtime(self.end).isoformat() if self.end else None,
                all_day=self.all_day,
                status=self.status,
            )
        return {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(self.longitude, 6), round(self.latitude, 6)],
            },
            "properties": properties,
        }


class Kind:
    """One kind of located thing the search finds."""

    name = ""  # the ?kind= value
    label = ""  # plural, in the kind menu: "Partners"
    noun = ""  # singular, on each result: "Partner"

    def filter(self, search):
        """This kind's own listing filter, with the search's words and place."""
        raise NotImplementedError

    def nearest(self, search):
        """(pk, miles) of every thing of this kind the search finds, in any order."""
        raise NotImplementedError

    def results(self, search, found):
        """:class:`Result` objects for (pk, miles) pairs, in order."""
        raise NotImplementedError

    def page_result(self, search, page, miles, **extra):
        """The :class:`Result` for a located Wagtail page, with ``extra`` fields."""
        return Result(
            kind=self,
            pk=page.pk,
            title=page.title,
            url=search.absolute_url(page.get_url(search.request)),
            latitude=page.latitude,
            longitude=page.longitude,
            miles=miles,
            **extra,
        )


class FilterKind(Kind):
    """A kind found by a directory's filter (a ``hub.filters.ListingFilter``): the rows that
    match its words (and for rows that reach, reach the place) as the directory lists them."""

    filter_class = None

    def filter(self, search):
        if self.name not in search.filters:
            search.filters[self.name] = self.filter_class.alongside(search.filter)
        return search.filters[self.name]

    def nearest(self, search):
        return self.filter(search).nearest()

    def results(self, search, found):
        """One query for the rows found, made into results in the order given; a row beyond
        the radius (found because its own area reaches the place) carries its reach."""
        listing_filter = self.filter(search)
        rows = listing_filter.matching.in_bulk([pk for pk, _ in found])
        results = []
        for pk, miles in found:
            if pk in rows:
                result = self.result(search, rows[pk], miles)
                result.reach_miles = listing_filter.reach_of(rows[pk], miles)
                results.append(result)
        return results

    def result(self, search, row, miles):
        raise NotImplementedError


class PageKind(FilterKind):
    """A kind of Wagtail page found by its directory's filter: say what to show of it."""

    def result(self, search, page, miles):
        return self.page_result(
            search, page, miles, summary=self.summary(page), details=self.details(page)
        )

    def summary(self, page):
        return page.search_description

    def details(self, page):
        return []
