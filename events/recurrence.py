"""Turning an event's dates and repeat rule into the occurrences people can go to.

Dates and times are kept as local wall-clock values in Europe/London, so a weekly 10am
coffee morning stays at 10am across the clock changes. The same rule is written out as an
RFC 5545 ``RRULE`` from :func:`rrule_parts` (see :mod:`events.feeds`), so calendar apps expand
exactly what the listing shows.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

from .choices import DateChange, Repeat

LONDON = ZoneInfo("Europe/London")
MAX_OCCURRENCES = 400
MAX_SERIES_YEARS = 2

_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def local(day, at=None):
    """An aware datetime for a wall-clock time in Europe/London (midnight without a time)."""
    return datetime.combine(day, at or time(0), tzinfo=LONDON)


def week_of_month(day):
    """Which of its weekday the date is in its month: 1 to 4, or -1 for the last."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def describe_repeat(repeat, first):
    if repeat == Repeat.WEEKLY:
        return f"Every {first:%A}"
    if repeat == Repeat.FORTNIGHTLY:
        return f"Every other {first:%A}"
    if repeat == Repeat.MONTHLY:
        return f"The {_ORDINALS[week_of_month(first)]} {first:%A} of every month"
    return ""


def _rule(repeat, first, until=None, count=None):
    kwargs = {"dtstart": datetime.combine(first, time(0))}
    if repeat == Repeat.MONTHLY:
        kwargs["byweekday"] = _WEEKDAYS[first.weekday()](week_of_month(first))
        freq = rrule.MONTHLY
    else:
        freq = rrule.WEEKLY
        kwargs["interval"] = 2 if repeat == Repeat.FORTNIGHTLY else 1
    if until:
        kwargs["until"] = datetime.combine(until, time(23, 59, 59))
    elif count:
        # Both at once is deprecated in dateutil (RFC 5545 forbids it): series_dates stops
        # at the count itself.
        kwargs["count"] = count
    return rrule.rrule(freq, **kwargs)


def series_dates(repeat, first, until=None, count=None):
    """Every date the series falls on, before any date changes, at most MAX_OCCURRENCES."""
    if not repeat:
        return [first]
    dates = []
    limit = min(count or MAX_OCCURRENCES, MAX_OCCURRENCES)
    for moment in _rule(repeat, first, until, count):
        dates.append(moment.date())
        if len(dates) >= limit:
            break
    return dates


def rrule_parts(repeat, first):
    """The RRULE of a series as a dict for icalendar's ``vRecur``, without its end.

    The caller adds ``UNTIL`` from the last date :func:`series_dates` gives, which covers a
    last date, a number of times and both at once (an RRULE may not hold both UNTIL and
    COUNT), and knows whether it must be a date (all-day) or a UTC time.
    """
    parts = {"FREQ": "MONTHLY" if repeat == Repeat.MONTHLY else "WEEKLY"}
    if repeat == Repeat.FORTNIGHTLY:
        parts["INTERVAL"] = 2
    if repeat == Repeat.MONTHLY:
        parts["BYDAY"] = f"{week_of_month(first)}{_WEEKDAY_CODES[first.weekday()]}"
    return parts


@dataclass(frozen=True)
class Slot:
    """One occurrence: aware start and end (end exclusive for all-day events)."""

    start: datetime
    end: datetime
    all_day: bool
    cancelled: bool = False
    original_start: datetime | None = None


def slot_for(day, start_time, end_time, length_days, all_day):
    if all_day:
        return local(day), local(day + timedelta(days=length_days + 1))
    start = local(day, start_time)
    if end_time is None:
        # No finishing time given: calendars need one, so an hour is assumed.
        return start, start + timedelta(hours=1)
    return start, local(day + timedelta(days=length_days), end_time)


def series(event, changes=None):
    """The dates an event's series falls on, and its date changes that apply, by date.

    A change whose date is no longer one of the series' dates (the series was edited after
    it was made) is left out here, so the listing and the calendar feed both ignore it.
    ``changes`` are the event's date changes where the caller loaded them for many events.
    """
    days = series_dates(event.repeat, event.start_date, event.repeat_until, event.repeat_count)
    on_series = set(days)
    if changes is None:
        changes = event.date_changes.all()
    applying = {
        change.original_date: change for change in changes if change.original_date in on_series
    }
    return days, applying


def span_days(event):
    """How many days after its start day an occurrence ends (0 for a same-day event)."""
    return ((event.end_date or event.start_date) - event.start_date).days


def expand(event, changes=None):
    """The occurrences of an event page (or anything with the same date fields)."""
    all_day = event.start_time is None
    length = span_days(event)
    days, changes = series(event, changes)
    slots = []
    for day in days:
        change = changes.get(day)
        start, end = slot_for(day, event.start_time, event.end_time, length, all_day)
        if change is None:
            slots.append(Slot(start, end, all_day))
        elif change.change == DateChange.CANCELLED:
            slots.append(Slot(start, end, all_day, cancelled=True))
        elif change.change == DateChange.MOVED:
            new_start, new_end = moved_slot(event, change, start, end)
            slots.append(Slot(new_start, new_end, all_day, original_start=start))
    slots.sort(key=lambda slot: slot.start)
    return slots


def moved_slot(event, change, start, end):
    """Where a moved date now is. Without a new end time it keeps its usual length, so a
    2pm to 5pm afternoon moved to 6pm runs to 9pm rather than ending before it starts."""
    all_day = event.start_time is None
    new_start, new_end = slot_for(
        change.new_date or start.date(),
        change.new_start_time or event.start_time,
        change.new_end_time or event.end_time,
        span_days(event),
        all_day,
    )
    if not all_day and not change.new_end_time:
        new_end = new_start + (end - start)
    return new_start, new_end


def is_series_date(event, day):
    return day in series_dates(
        event.repeat, event.start_date, event.repeat_until, event.repeat_count
    )
