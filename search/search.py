"""The map search: what is near a postcode or place, of every kind of located thing.

One :class:`Search` serves the ``/search/`` page and ``/api/search.geojson``, so the list, the
map and the map data are the same results in the same order. Its query string is parsed once
by an :class:`events.filters.EventFilter` built with :class:`SearchForm`: the place and
radius, the words, the event questions (which narrow events only) and the kind of thing to
show. Each kind (:mod:`search.kinds`) then answers through its own listing's filter, given
the same words and place; the search merges them nearest first, pages them and renders them.
"""

from collections import defaultdict
from functools import cached_property

from django import forms
from wagtail.models import Site

from events.filters import EventFilter, EventFilterForm
from hub import places
from hub.addresses import absolute
from hub.filters import paginate
from hub.locations import describe_serving

from .kinds import KINDS

PAGE_SIZE = 50


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
        self.filter = EventFilter.for_request(request, form_class=SearchForm)
        self.form = self.filter.form
        chosen = self.filter.values.get("kind")
        self.kinds = [KINDS[chosen]] if chosen in KINDS else list(KINDS.values())
        self.filters = {}  # each kind's own filter, by kind name, made once (hub.kinds)

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

    def absolute_url(self, url):
        return absolute(url, self.request, self.site)

    @cached_property
    def found(self):
        """(beyond, miles, kind position, pk, kind) for every result: those within the radius
        nearest first, then those beyond it that serve the place (their own area reaches it),
        nearest first. Ties are broken the same way every time, so the page and the map data
        always agree."""
        if self.point is None:
            return []
        found = [
            (miles > self.radius, miles, position, pk, kind)
            for position, kind in enumerate(self.kinds)
            for pk, miles in kind.nearest(self)
        ]
        found.sort()  # (beyond, miles, position, pk) is unique: the kind is never compared
        return found

    @cached_property
    def serving(self):
        """How many results are beyond the radius, found because their area reaches it."""
        return sum(1 for beyond, *_ in self.found if beyond)

    def page(self):
        """The page of this search the request asks for, its object_list Result objects;
        ``within`` and ``serving`` split them in two groups for the list."""
        page = paginate(self.found, self.request, PAGE_SIZE)
        page.object_list = self.results(page.object_list)
        page.within = [r for r in page.object_list if r.reach_miles is None]
        page.serving = [r for r in page.object_list if r.reach_miles is not None]
        page.serving_start = page.start_index() + len(page.within)
        return page

    def results(self, entries):
        wanted = defaultdict(list)
        for _, miles, _, pk, kind in entries:
            wanted[kind].append((pk, miles))
        made = {}
        for kind, found in wanted.items():
            for result in kind.results(self, found):
                made[kind.name, result.pk] = result
        return [made[kind.name, pk] for *_, pk, kind in entries if (kind.name, pk) in made]

    def description(self):
        """'12 events within 3 miles of Devizes, Wiltshire', and when some results are found
        because their own area reaches the place: '; 2 more serve your area'."""
        count = len(self.found) - self.serving
        if len(self.kinds) == 1:
            kind = self.kinds[0]
            noun = kind.noun.lower() if count == 1 else kind.label.lower()
        else:
            noun = "result" if count == 1 else "results"
        miles = "1 mile" if self.radius == 1 else f"{self.radius} miles"
        text = f"{count} {noun} within {miles} of {self.place}"
        if self.serving:
            text += f"; {describe_serving(self.serving)}"
        return text

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
