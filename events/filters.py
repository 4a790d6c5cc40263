"""The one place where the query string of an event listing becomes a set of occurrences.

The HTML listing, the calendar feed and the map data all build an :class:`EventFilter` from the
request and render what it gives them; none of them filters on its own.
"""

from datetime import date, timedelta
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from hub.accessibility import FEATURES
from hub.filters import ListingFilter, ListingFilterForm
from hub.locations import in_box, near
from hub.models import HubSettings

from .choices import Category
from .recurrence import local

# A calendar feed carries the recent past too, so a cancellation stays visible to subscribers
# for 30 days after the event would have ended instead of silently disappearing.
FEED_DAYS_BEFORE = 30
FEED_MONTHS_AHEAD = 12


def lower_first(text):
    """``text`` to go inside a sentence: "Food" becomes "food", but a proper name such as
    "Neighbour Day" (a capital after its first word) keeps its capitals."""
    words = text.split()
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]


class When:
    TODAY = "today"
    WEEKEND = "weekend"
    NEIGHBOUR_DAY = "neighbour-day"
    NEXT_30_DAYS = "next-30-days"
    choices = [
        ("", "Any time"),
        (TODAY, "Today"),
        (WEEKEND, "This weekend"),
        (NEIGHBOUR_DAY, "On Neighbour Day"),
        (NEXT_30_DAYS, "In the next 30 days"),
    ]


class EventFilterForm(ListingFilterForm):
    """The words box and the place of every listing, and the questions only events have."""

    when = forms.ChoiceField(label="When", choices=When.choices, required=False)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = forms.ChoiceField(
        label="Category", choices=[("", "All categories"), *Category.choices], required=False
    )
    tag = forms.SlugField(label="Tag", required=False, max_length=100)
    access = forms.MultipleChoiceField(
        label="Accessibility",
        choices=list(FEATURES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free = forms.BooleanField(label="Free events only", required=False)

    field_order = [
        "q",
        "when",
        "date_from",
        "date_to",
        "category",
        "tag",
        "access",
        "free",
        "postcode",
        "radius",
    ]
    PARAMS = {"date_from": "from", "date_to": "to"}

    def clean(self):
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date is before the 'from' date.")
            data.pop("date_to", None)
        return super().clean()


class EventFilter(ListingFilter):
    """Parses a listing's query parameters once and answers with occurrences."""

    form_class = EventFilterForm
    model = "events.EventPage"
    text_lookups = (
        "title__icontains",
        "summary__icontains",
        "venue_name__icontains",
        "address__icontains",
        "tags__name__iexact",
    )

    def __init__(
        self,
        params,
        site=None,
        now=None,
        past=False,
        neighbour_day=None,
        client=None,
        form_class=None,
        organiser=None,
        feed=False,
    ):
        """``form_class``: a subclass of EventFilterForm for a page that takes more
        parameters (the map search adds the kind of thing to find). ``organiser`` keeps to
        one organisation's events; ``feed`` widens the time span from "not over yet" to the
        calendar feed window (see :meth:`feed_window`). The rest as ListingFilter's."""
        super().__init__(params, site=site, client=client, form_class=form_class)
        self.now = now or timezone.now()
        self.past = past
        self.neighbour_day = neighbour_day
        self.organiser = organiser
        self.feed = feed

    @classmethod
    def for_request(cls, request, **kwargs):
        """The filter of the request, with its site and the site's next Neighbour Day.

        The Neighbour Day date is only looked up when the query asks for it, which keeps two
        queries off every feed request a calendar app makes (and off every 304).
        """
        if When.NEIGHBOUR_DAY in request.GET.getlist("when"):
            kwargs["neighbour_day"] = HubSettings.for_request(request).next_neighbour_day()
        return super().for_request(request, **kwargs)

    @classmethod
    def occurrence_model(cls):
        return cls.listed_model()._meta.get_field("occurrences").related_model

    def date_range(self):
        """The local dates the listing covers, (first, last), either end may be None."""
        today = timezone.localdate(self.now)
        when = self.values.get("when")
        if when == When.TODAY:
            return today, today
        if when == When.WEEKEND:
            saturday = today + timedelta(days=(5 - today.weekday()) % 7)
            if today.weekday() == 6:
                saturday = today - timedelta(days=1)
            return max(saturday, today), saturday + timedelta(days=1)
        if when == When.NEIGHBOUR_DAY:
            day = self.neighbour_day or date.max
            return day, day
        if when == When.NEXT_30_DAYS:
            return today, today + timedelta(days=30)
        return self.values.get("date_from"), self.values.get("date_to")

    def feed_window(self):
        """The moments a feed covers: from local midnight 30 days ago to 12 months ahead.

        Whole days, so a feed's contents (and its cache key) change once a day, not every
        second; an event is in the window if any of its dates overlaps it.
        """
        today = timezone.localdate(self.now)
        return (
            local(today - timedelta(days=FEED_DAYS_BEFORE)),
            local(today + relativedelta(months=FEED_MONTHS_AHEAD)),
        )

    def events(self):
        """The event pages that match everything but the dates."""
        if self.point is None:
            return self.matching
        return self.matching.filter(pk__in=list(self.distances))

    @cached_property
    def distances(self):
        """{event pk: miles} for the chosen events within the radius; empty without a place."""
        if self.point is None:
            return {}
        rows = self._in_box.values("pk", "latitude", "longitude")
        return {row["pk"]: miles for row, miles in near(rows, self.point, self.radius)}

    @cached_property
    def _in_box(self):
        return in_box(self.matching, self.point, self.radius)

    def queryset(self):
        """The live, public event pages (of the site): those a listing may show."""
        pages = self.listed_model().objects.live().public()
        if self.site is not None:
            pages = pages.in_site(self.site)
        return pages

    def filter_queryset(self, pages):
        """The pages that match the choices other than the words, the place and the dates."""
        if self.organiser is not None:
            # As the organisation's page lists them: organised by it, or in its section.
            organiser = self.organiser
            pages = pages.filter(
                Q(organiser=organiser)
                | Q(path__startswith=organiser.path, depth__gt=organiser.depth)
            )
        values = self.values
        if "category" in values:
            pages = pages.filter(category=values["category"])
        if "tag" in values:
            pages = pages.filter(tags__slug=values["tag"])
        for feature in values.get("access", []):
            pages = pages.filter(**{feature: True})
        if values.get("free"):
            pages = pages.filter(is_free=True)
        return pages

    def occurrences(self):
        """Matching occurrences, soonest first (latest first for the archive)."""
        result = self._dated(
            self.occurrence_model().objects.filter(event__in=self.events().values("pk"))
        )
        return result.select_related("event", "event__organiser")

    def first_dates(self):
        """One row per matching event, for listings that show a series once: ``event_id``,
        ``first`` (its first matching start; the last, in the archive) and ``dates`` (how many
        of its occurrences match), in listing order. One query; a paginator counts it."""
        matching = self._dated(
            self.occurrence_model().objects.filter(event__in=self.events().values("pk"))
        )
        pick, order = (Max, "-first") if self.past else (Min, "first")
        return (
            matching.order_by()
            .values("event_id")
            .annotate(first=pick("start"), dates=Count("pk"))
            .order_by(order, "event_id")
        )

    def counts(self):
        """{"events": how many events match, "dates": how many of their occurrences}, in one
        query (the grouped listing's paginator is given the first, so it need not count)."""
        return (
            self.occurrences()
            .order_by()
            .aggregate(events=Count("event_id", distinct=True), dates=Count("pk"))
        )

    def occurrences_at(self, rows):
        """The occurrences that :meth:`first_dates` rows name, in their order, in one query."""
        if not rows:
            return []
        wanted = Q()
        for row in rows:
            wanted |= Q(event_id=row["event_id"], start=row["first"])
        found = {
            occurrence.event_id: occurrence
            for occurrence in self.occurrence_model()
            .objects.filter(wanted)
            .select_related("event", "event__organiser")
        }
        chosen = []
        for row in rows:
            occurrence = found[row["event_id"]]
            occurrence.dates = row["dates"]
            chosen.append(occurrence)
        return chosen

    def _dated(self, occurrences):
        """``occurrences`` narrowed to the filter's dates."""
        first, last = self.date_range()
        if self.past:
            occurrences = occurrences.filter(end__lte=self.now).order_by("-start", "event_id")
        elif self.feed:
            after, before = self.feed_window()
            occurrences = occurrences.filter(end__gt=after, start__lt=before)
        else:
            occurrences = occurrences.filter(end__gt=self.now)
        if first:
            occurrences = occurrences.filter(end__gt=local(first))
        if last and last < date.max:  # date.max: "on Neighbour Day" with no date set
            occurrences = occurrences.filter(start__lt=local(last + timedelta(days=1)))
        return occurrences

    def feed_events(self):
        """The event pages a calendar feed carries: those with a matching occurrence.

        A feed lists each event once (a series as one entry with its repeat rule), so it asks
        for events rather than occurrences; the dates still come from :meth:`occurrences`.
        """
        matching = self.occurrences().order_by().values("event_id")
        return (
            self.listed_model()
            .objects.filter(pk__in=matching)
            .order_by("start_date", "start_time", "pk")
        )

    def last_change(self):
        """When what the feed shows last changed, from the database so every process agrees:
        the latest save of any event of its choices (drafts and unpublished ones too, so
        taking one out counts), or the local midnight when its window last moved."""
        pages = self.filter_queryset(self.listed_model().objects.all())
        if self.site is not None:
            pages = pages.descendant_of(self.site.root_page, inclusive=True)
        latest = pages.aggregate(latest=Max("updated_at"))["latest"]
        moved = local(timezone.localdate(self.now))
        return max(latest, moved) if latest else moved

    def nearest_events(self):
        """(event pk, miles) for each event near the point with a matching occurrence, in no
        particular order. Empty without a point.

        The dates are checked for the events in the bounding box (a join in the database)
        rather than for a list of every nearby event's id, which is slow to send for
        thousands; the distances then keep those inside the circle.
        """
        if self.point is None:
            return []
        boxed = self.occurrence_model().objects.filter(event__in=self._in_box.values("pk"))
        matching = set(self._dated(boxed).order_by().values_list("event_id", flat=True))
        return [(pk, miles) for pk, miles in self.distances.items() if pk in matching]

    def next_occurrences(self, event_ids):
        """{event pk: its first matching occurrence} for these events (which must match the
        filter's other choices, as nearest_events() gives them), in two queries.

        The first picks the occurrences by their ids alone (the events' dated occurrences are
        few and the columns small), which both databases answer from the event index; a
        correlated "first occurrence" subquery made PostgreSQL walk the start-date index.
        """
        if not event_ids:
            return {}
        dated = self._dated(self.occurrence_model().objects.filter(event__in=event_ids))
        order = "-start" if self.past else "start"
        first = {}
        for pk, event_id in dated.order_by("event_id", order).values_list("pk", "event_id"):
            first.setdefault(event_id, pk)
        chosen = self.occurrence_model().objects.filter(pk__in=list(first.values()))
        return {
            occurrence.event_id: occurrence
            for occurrence in chosen.select_related("event", "event__organiser")
        }

    def description(self):
        """What the filter selects, in words: "Food events within 3 miles of SN10 1AB"."""
        values = self.values
        noun = "events"
        if "category" in values:
            noun = f"{lower_first(Category(values['category']).label)} events"
        if values.get("free"):
            noun = f"free {noun}"
        parts = [noun[0].upper() + noun[1:]]  # "Free Neighbour Day events"
        if self.organiser is not None:
            parts.append(f"by {self.organiser.title}")
        if "tag" in values:
            parts.append(f"tagged {values['tag']}")
        if "q" in values:
            parts.append(f"matching “{values['q']}”")
        if values.get("access"):
            parts.append("with " + ", ".join(FEATURES[f].lower() for f in values["access"]))
        if self.point is not None:
            miles = "1 mile" if self.radius == 1 else f"{self.radius} miles"
            parts.append(f"within {miles} of {values['place']}")
        first, last = self.date_range()
        if first == date.max:
            parts.append("on Neighbour Day")
        elif first and last and first == last:
            parts.append(f"on {first:%-d %B %Y}")
        elif first or last:
            parts.append(
                " ".join(
                    bit
                    for bit in (
                        f"from {first:%-d %B %Y}" if first else "",
                        f"to {last:%-d %B %Y}" if last else "",
                    )
                    if bit
                )
            )
        return " ".join(parts)
