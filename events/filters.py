"""The one place where the query string of an event listing becomes a set of occurrences.

The HTML listing, the calendar feed and the map data all build an :class:`EventFilter` from the
request and render what it gives them; none of them filters on its own.
"""

from datetime import date, timedelta
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from hub import places
from hub.accessibility import FEATURES
from hub.locations import in_box, near

from .choices import Category
from .models import EventPage, Occurrence
from .recurrence import local

MAX_QUERY_LENGTH = 200
RADIUS_CHOICES = [1, 3, 5, 10, 25]  # all within hub.locations.MAX_RADIUS_MILES
DEFAULT_RADIUS = 3
# A calendar feed carries the recent past too, so a cancellation stays visible to subscribers
# for 30 days after the event would have ended instead of silently disappearing.
FEED_DAYS_BEFORE = 30
FEED_MONTHS_AHEAD = 12


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


class EventFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=MAX_QUERY_LENGTH)
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
    # "postcode" is the parameter name every link and feed already uses; it takes place names
    # too when the hub has an online geocoder (hub.places).
    postcode = forms.CharField(
        label="Near (postcode or place)",
        required=False,
        max_length=places.MAX_LENGTH,
        error_messages={"max_length": "That is too long for a postcode or a place name."},
    )
    radius = forms.TypedChoiceField(
        label="Within",
        choices=[(r, f"{r} mile{'s' if r > 1 else ''}") for r in RADIUS_CHOICES],
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS,
        error_messages={
            "invalid_choice": "Choose a distance of "
            + ", ".join(str(r) for r in RADIUS_CHOICES[:-1])
            + f" or {RADIUS_CHOICES[-1]} miles. We have used {DEFAULT_RADIUS} miles."
        },
    )

    # The query-string names people see; "from" is a Python keyword, hence the mapping.
    PARAMS = {"date_from": "from", "date_to": "to"}

    def __init__(self, *args, client=None, **kwargs):
        """``client`` is the visitor's address, for the allowance of online place look-ups."""
        super().__init__(*args, **kwargs)
        self.client = client
        self.rate_limited = False
        if places.enabled():
            self.fields["postcode"].help_text = "For example SN10 1AB, SN10 or Devizes."
        else:
            self.fields["postcode"].label = "Near postcode"

    def add_prefix(self, field_name):
        return self.PARAMS.get(field_name, field_name)

    def full_clean(self):
        super().full_clean()
        if "radius" in self._errors:  # show the distance that was used instead
            self.data = self.data.copy()
            self.data["radius"] = str(DEFAULT_RADIUS)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date is before the 'from' date.")
            data.pop("date_to", None)
        text = data.get("postcode")
        if text:
            try:
                place = places.locate(text, client=self.client)
            except places.PlaceError as error:
                self.rate_limited = isinstance(error, places.TooManyLookups)
                self.add_error("postcode", str(error))
            else:
                data["point"], data["place"] = place
        return data


class EventFilter:
    """Parses a listing's query parameters once and answers with occurrences."""

    def __init__(
        self,
        params,
        site=None,
        now=None,
        past=False,
        neighbour_day=None,
        client=None,
        form_class=EventFilterForm,
        organiser=None,
        feed=False,
    ):
        """``client``: the visitor's address (hub.places.client_address) when filtering for a
        request. ``form_class``: a subclass of EventFilterForm for a page that takes more
        parameters (the map search adds the kind of thing to find). ``organiser`` keeps to one
        organisation's events; ``feed`` widens the time span from "not over yet" to the
        calendar feed window (see :meth:`feed_window`)."""
        if not isinstance(params, QueryDict):
            query = QueryDict(mutable=True)
            query.update(params)
            params = query
        self.form = form_class(params, client=client)
        self.site = site
        self.now = now or timezone.now()
        self.past = past
        self.neighbour_day = neighbour_day
        self.organiser = organiser
        self.feed = feed
        self.form.is_valid()
        # Values that failed validation are dropped; the rest of the filter still applies.
        self.values = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}

    @property
    def point(self):
        """Where the visitor asked about (hub.geocoder.Point), or None."""
        return self.values.get("point")

    @property
    def radius(self):
        return self.values.get("radius", DEFAULT_RADIUS)

    @property
    def rate_limited(self):
        """True when the place could not be looked up because this visitor asked too often."""
        return self.form.rate_limited

    @property
    def errors(self):
        """Every problem with the query string, one sentence each."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else ""
            for error in errors:
                messages.append(f"{label}: {error}" if label else error)
        return messages

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
            return self._chosen
        return self._chosen.filter(pk__in=list(self.distances))

    @cached_property
    def distances(self):
        """{event pk: miles} for the chosen events within the radius; empty without a place."""
        if self.point is None:
            return {}
        rows = self._in_box.values("pk", "latitude", "longitude")
        return {row["pk"]: miles for row, miles in near(rows, self.point, self.radius)}

    @cached_property
    def _in_box(self):
        return in_box(self._chosen, self.point, self.radius)

    @cached_property
    def _chosen(self):
        """The live, public event pages that match the choices other than place and dates."""
        pages = EventPage.objects.live().public()
        if self.site is not None:
            pages = pages.in_site(self.site)
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
        if "q" in values:
            words = values["q"].split()[:10]
            for word in words:
                pages = pages.filter(
                    Q(title__icontains=word)
                    | Q(summary__icontains=word)
                    | Q(venue_name__icontains=word)
                    | Q(address__icontains=word)
                    | Q(tags__name__iexact=word)
                )
        return pages

    def occurrences(self):
        """Matching occurrences, soonest first (latest first for the archive)."""
        result = self._dated(Occurrence.objects.filter(event__in=self.events().values("pk")))
        return result.select_related("event", "event__organiser")

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
        return EventPage.objects.filter(pk__in=matching).order_by("start_date", "start_time", "pk")

    def nearest_events(self):
        """(event pk, miles) for each event near the point with a matching occurrence, in no
        particular order. Empty without a point.

        The dates are checked for the events in the bounding box (a join in the database)
        rather than for a list of every nearby event's id, which is slow to send for
        thousands; the distances then keep those inside the circle.
        """
        if self.point is None:
            return []
        boxed = Occurrence.objects.filter(event__in=self._in_box.values("pk"))
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
        dated = self._dated(Occurrence.objects.filter(event__in=event_ids))
        order = "-start" if self.past else "start"
        first = {}
        for pk, event_id in dated.order_by("event_id", order).values_list("pk", "event_id"):
            first.setdefault(event_id, pk)
        chosen = Occurrence.objects.filter(pk__in=list(first.values()))
        return {
            occurrence.event_id: occurrence
            for occurrence in chosen.select_related("event", "event__organiser")
        }

    def querystring(self, **changes):
        """This filter's valid parameters as a query string, with some changed (None drops)."""
        query = QueryDict(mutable=True)
        for name in self.form.fields:
            param = self.form.add_prefix(name)
            values = [v for v in self.form.data.getlist(param) if v]
            if values and name not in self.form.errors:
                query.setlist(param, values)
        for name, value in changes.items():
            query.pop(name, None)
            if value is not None:
                query[name] = value
        return query.urlencode()

    def description(self):
        """What the filter selects, in words: "Food events within 3 miles of SN10 1AB"."""
        values = self.values
        noun = "events"
        if "category" in values:
            noun = f"{Category(values['category']).label.lower()} events"
        if values.get("free"):
            noun = f"free {noun}"
        parts = [noun[0].upper() + noun[1:]]
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
