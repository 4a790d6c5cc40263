"""The map search: what is near a postcode or place, of every kind of located thing.

One :class:`Search` serves the ``/search/`` page and ``/api/search.geojson``, so the list, the
map and the map data are the same results in the same order. It stands on the shared
:class:`events.filters.EventFilter` (built with :class:`SearchForm`), which parses every
parameter once: the place and radius, the event filters, and the kind of thing to show.

Kinds
-----
Each kind of located thing is one :class:`Kind` in ``KINDS``, added with :func:`register`.
A kind says what it is called and which rows are candidates; the search does the rest
(distance, merging kinds nearest first, paging, the list and the GeoJSON). A kind of page
that inherits ``hub.locations.Located`` needs only a :class:`PageKind` subclass naming its
model; anything else overrides :meth:`Kind.rows` and :meth:`Kind.result`. docs/search.md has
a worked example.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from events.choices import Status
from events.filters import EventFilterForm
from events.views import event_filter_for
from hub import places
from hub.addresses import absolute
from hub.locations import near
from partners.filters import within_reach
from partners.models import Offer, OrganisationPage, ProjectPage
from partners.models.offers import offers_page_url

PAGE_SIZE = 50


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
    status: str = ""  # events: a events.choices.Status value

    @property
    def dom_id(self):
        return f"result-{self.kind.name}-{self.pk}"

    @property
    def distance_label(self):
        miles = round(self.miles, 1)
        if miles < 0.1:
            return "under 0.1 miles"
        return "1 mile" if miles == 1 else f"{miles:g} miles"

    @property
    def cancelled(self):
        return self.status == Status.CANCELLED

    @property
    def status_label(self):
        """The status to show, or '' for an event going ahead as planned."""
        if not self.status or self.status == Status.SCHEDULED:
            return ""
        return Status(self.status).label

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
        }
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
    """One kind of located thing the search finds. Subclass, then :func:`register` it."""

    name = ""  # the ?kind= value
    label = ""  # plural, in the kind menu: "Partners"
    noun = ""  # singular, on each result: "Partner"
    text_fields = ("title",)  # what the free-text box (q) searches in

    def rows(self, search):
        """The candidates: a queryset of a Located model, limited to what the public may see
        on this site and to the search's text (``search.matching(queryset, fields)``)."""
        raise NotImplementedError

    def nearest(self, search):
        """(pk, miles) of every candidate within the radius, in any order."""
        rows = search.candidates(self).values("pk", "latitude", "longitude")
        return [(row["pk"], miles) for row, miles in near(rows, search.point, search.radius)]

    def results(self, search, found):
        """:class:`Result` objects for (pk, miles) pairs, in order, in one query."""
        objects = search.candidates(self).in_bulk([pk for pk, _ in found])
        return [self.result(search, objects[pk], miles) for pk, miles in found if pk in objects]

    def result(self, search, row, miles):
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


class PageKind(Kind):
    """A kind of Wagtail page that inherits Located: name the model, say what to show."""

    model = None

    def rows(self, search):
        pages = self.model.objects.live().public()
        if search.site is not None:
            pages = pages.in_site(search.site)
        return search.matching(pages, self.text_fields)

    def result(self, search, page, miles):
        return self.page_result(
            search, page, miles, summary=self.summary(page), details=self.details(page)
        )

    def summary(self, page):
        return page.search_description

    def details(self, page):
        return []


class EventsKind(Kind):
    """Events, found through the shared EventFilter: the same events /events/ lists."""

    name = "events"
    label = "Events"
    noun = "Event"

    def nearest(self, search):
        return search.filter.nearest_events()

    def results(self, search, found):
        firsts = search.filter.next_occurrences([pk for pk, _ in found])
        return [self.result(search, firsts[pk], miles) for pk, miles in found if pk in firsts]

    def result(self, search, occurrence, miles):
        event = occurrence.event
        details = [event.get_category_display(), event.cost_label]
        if event.venue_name:
            details.insert(0, event.venue_name)
        return self.page_result(
            search,
            event,
            miles,
            summary=event.summary,
            details=[" · ".join(details)],
            start=occurrence.start,
            end=occurrence.end,
            all_day=occurrence.all_day,
            status=Status.CANCELLED if occurrence.is_cancelled else event.status,
        )


class PartnersKind(PageKind):
    name = "partners"
    label = "Partners"
    noun = "Partner"
    text_fields = ("title", "description")
    model = OrganisationPage

    def details(self, page):
        facts = [page.get_kind_display()]
        if page.tradition:
            facts.append(page.get_tradition_display())
        if page.verified:
            facts.append("Verified partner")
        if page.postcode:
            facts.append(page.postcode)
        return [" · ".join(facts)]


class ProjectsKind(PageKind):
    """Partnership projects, found when the area they serve reaches the place, as on
    /partnerships/ (``partners.filters.within_reach``)."""

    name = "projects"
    label = "Partnership projects"
    noun = "Partnership project"
    model = ProjectPage
    text_fields = ("title", "summary", "area_name")

    def nearest(self, search):
        return within_reach(search.candidates(self), search.point, search.radius)

    def summary(self, page):
        return page.summary

    def details(self, page):
        return [" · ".join([page.get_status_display(), *page.challenges[:3]])]


class OffersKind(Kind):
    """Offers available now (not a page: each has its page under /offers/), found when the
    area they cover reaches the place, as on /offers/."""

    name = "offers"
    label = "Offers"
    noun = "Offer"
    text_fields = ("title", "description", "organisation__title")

    def rows(self, search):
        offers = Offer.objects.public(search.site).select_related("organisation")
        return search.matching(offers, self.text_fields)

    def nearest(self, search):
        return within_reach(search.candidates(self), search.point, search.radius)

    def results(self, search, found):
        if not found:
            return []
        offers = search.candidates(self).in_bulk([pk for pk, _ in found])
        base = offers_page_url(search.site, search.request)
        return [
            Result(
                kind=self,
                pk=pk,
                title=offers[pk].title,
                url=search.absolute_url(f"{base}{pk}/" if base else ""),
                latitude=offers[pk].latitude,
                longitude=offers[pk].longitude,
                miles=miles,
                summary=offers[pk].description[:200],
                details=[
                    " · ".join([offers[pk].get_kind_display(), offers[pk].organisation.title])
                ],
            )
            for pk, miles in found
            if pk in offers
        ]


KINDS = {}


def register(kind):
    """Add a kind to the search (its ?kind= choice appears once it is registered)."""
    KINDS[kind.name] = kind
    return kind


register(EventsKind())
register(PartnersKind())
register(ProjectsKind())
register(OffersKind())


class SearchForm(EventFilterForm):
    """The event filter's fields, plus the kind of thing to show."""

    kind = forms.ChoiceField(
        label="Show",
        required=False,
        error_messages={
            "invalid_choice": "Choose what to show from the list. We have shown everything."
        },
    )

    PLACE_FIELDS = ("postcode", "radius", "kind", "q")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "Everything"),
            *((kind.name, kind.label) for kind in KINDS.values()),
        ]
        self.fields["postcode"].label = "Postcode or place" if places.enabled() else "Postcode"
        self.fields["q"].label = "Words to look for"

    def clean(self):
        data = super().clean()
        # An empty box that was sent (not a first visit with no query at all) is a mistake.
        if "postcode" in self.data and not self.data["postcode"].strip():
            self.add_error("postcode", places.prompt())
        return data

    def place_fields(self):
        return [self[name] for name in self.PLACE_FIELDS]

    def event_fields(self):
        """The filters that narrow the events only."""
        return [self[name] for name in self.fields if name not in self.PLACE_FIELDS]

    def event_filters_used(self):
        """True if any event filter was given (so the page shows them open)."""
        return any(self.data.get(field.html_name) for field in self.event_fields())


class Search:
    """Everything near one point that matches one query string, nearest first."""

    def __init__(self, request):
        self.request = request
        self.site = Site.find_for_request(request)
        self.filter = event_filter_for(request, form_class=SearchForm)
        self.form = self.filter.form
        chosen = self.filter.values.get("kind")
        self.kinds = [KINDS[chosen]] if chosen in KINDS else list(KINDS.values())
        self._candidates = {}

    @property
    def point(self):
        return self.filter.point

    @property
    def radius(self):
        return self.filter.radius

    @property
    def place(self):
        return self.filter.values.get("place", "")

    @property
    def errors(self):
        return self.filter.errors

    @property
    def rate_limited(self):
        return self.filter.rate_limited

    def candidates(self, kind):
        """``kind.rows(self)``, made once per search (Wagtail's public() costs a query)."""
        if kind.name not in self._candidates:
            self._candidates[kind.name] = kind.rows(self)
        return self._candidates[kind.name]

    def matching(self, queryset, fields):
        """``queryset`` narrowed to rows with every word of the text box in one of ``fields``."""
        for word in self.filter.values.get("q", "").split()[:10]:
            any_field = Q()
            for name in fields:
                any_field |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(any_field)
        return queryset

    def absolute_url(self, url):
        return absolute(url, self.request, self.site)

    @cached_property
    def found(self):
        """(miles, kind position, pk, kind) for every result, nearest first; ties are broken
        the same way every time, so the page and the map data always agree."""
        if self.point is None:
            return []
        found = [
            (miles, position, pk, kind)
            for position, kind in enumerate(self.kinds)
            for pk, miles in kind.nearest(self)
        ]
        found.sort()  # (miles, position, pk) is unique, so the kind itself is never compared
        return found

    def page(self, number):
        """A Paginator page of this search whose object_list is :class:`Result` objects."""
        page = Paginator(self.found, PAGE_SIZE).get_page(number)
        page.object_list = self.results(page.object_list)
        return page

    def results(self, entries):
        wanted = defaultdict(list)
        for miles, _, pk, kind in entries:
            wanted[kind].append((pk, miles))
        made = {}
        for kind, found in wanted.items():
            for result in kind.results(self, found):
                made[kind.name, result.pk] = result
        return [made[kind.name, pk] for _, _, pk, kind in entries if (kind.name, pk) in made]

    def description(self):
        """'12 events within 3 miles of Devizes, Wiltshire'."""
        count = len(self.found)
        if len(self.kinds) == 1:
            kind = self.kinds[0]
            noun = kind.noun.lower() if count == 1 else kind.label.lower()
        else:
            noun = "result" if count == 1 else "results"
        miles = "1 mile" if self.radius == 1 else f"{self.radius} miles"
        return f"{count} {noun} within {miles} of {self.place}"

    def feature_collection(self, page):
        """The page's results as an RFC 7946 FeatureCollection. The searched point and the
        paging are foreign members, so the features are exactly the listed results."""
        return {
            "type": "FeatureCollection",
            "features": [result.feature() for result in page.object_list],
            "search": {
                "place": self.place,
                "coordinates": [round(self.point.longitude, 6), round(self.point.latitude, 6)],
                "radius_miles": self.radius,
                "description": self.description(),
            },
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
        }
