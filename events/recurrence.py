"""Turning an event's dates and repeat rule into the occurrences people can go to.

Dates and times are kept as local wall-clock values in Europe/London, so a weekly 10am
coffee morning stays at 10am across the clock changes. The same rule is written out as an
RFC 5545 ``RRULE`` by :func:`rrule_text`, so calendar apps expand exactly what the listing shows.
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
    if count:
        kwargs["count"] = count
    return rrule.rrule(freq, **kwargs)


def series_dates(repeat, first, until=None, count=None):
    """Every date the series falls on, before any date changes, at most MAX_OCCURRENCES."""
    if not repeat:
        return [first]
    dates = []
    for moment in _rule(repeat, first, until, count):
        dates.append(moment.date())
        if len(dates) >= MAX_OCCURRENCES:
            break
    return dates


def rrule_parts(repeat, first, until=None, count=None):
    """The RRULE of a series as a dict for icalendar's ``vRecur`` (``UNTIL`` left to the caller,
    who knows whether the series is all-day or timed)."""
    parts = {"FREQ": "MONTHLY" if repeat == Repeat.MONTHLY else "WEEKLY"}
    if repeat == Repeat.FORTNIGHTLY:
        parts["INTERVAL"] = 2
    if repeat == Repeat.MONTHLY:
        parts["BYDAY"] = f"{week_of_month(first)}{_WEEKDAY_CODES[first.weekday()]}"
    if count:
        parts["COUNT"] = count
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


def expand(event):
    """The occurrences of an event page (or anything with the same date fields)."""
    all_day = event.start_time is None
    length = ((event.end_date or event.start_date) - event.start_date).days
    changes = {change.original_date: change for change in event.date_changes.all()}
    slots = []
    for day in series_dates(event.repeat, event.start_date, event.repeat_until, event.repeat_count):
        change = changes.get(day)
        start, end = slot_for(day, event.start_time, event.end_time, length, all_day)
        if change is None:
            slots.append(Slot(start, end, all_day))
        elif change.change == DateChange.CANCELLED:
            slots.append(Slot(start, end, all_day, cancelled=True))
        elif change.change == DateChange.MOVED:
            new_start, new_end = slot_for(
                change.new_date or day,
                change.new_start_time or event.start_time,
                change.new_end_time or event.end_time,
                length,
                all_day,
            )
            slots.append(Slot(new_start, new_end, all_day, original_start=start))
    slots.sort(key=lambda slot: slot.start)
    return slots


def is_series_date(event, day):
    return day in series_dates(
        event.repeat, event.start_date, event.repeat_until, event.repeat_count
    )
