"""Reading calendars the way subscribers' apps do: two parsers and two expanders.

``icalendar`` (with ``recurring-ical-events``) is lenient and records what it could not read in
``component.errors``; ``ical`` is strict (pydantic models) and raises instead. A body only
passes :func:`parse` when both read it completely.
"""

from datetime import UTC, date, datetime

import icalendar
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from events.recurrence import LONDON

from .feedlint import lint


def parse(body, feed=True):
    """Both parsers' view of a body, after checking neither found a problem, nor the lint."""
    assert isinstance(body, bytes) and body, "an empty body is not a calendar"
    calendar = icalendar.Calendar.from_ical(body)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    assert calendar.get_missing_tzids() == set()
    strict = IcsCalendarStream.from_ics(body.decode("utf-8"))
    # An empty or non-calendar body parses as no calendar at all, without an error.
    assert len(strict.calendars) == 1
    problems = lint(body, feed=feed)
    assert not problems, "\n".join(problems)
    return calendar, strict.calendars[0]


def icalendar_event(properties):
    """The VEVENT icalendar itself builds from the same ``(property, value)`` pairs that
    ``events.feeds.write_component`` writes: the reference for its bytes, written with
    ``to_ical(sorted=False)`` (the feed keeps its properties in the order it gives them)."""
    component = icalendar.Event()
    for key, value in properties:
        component.add(key, value)
    return component


def moment(value):
    """Dates stay dates; datetimes become UTC so both parsers' values compare equal."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    assert isinstance(value, date)
    return value


def expand(body, start, end):
    """The occurrences both expanders find between two aware datetimes, after checking that
    they agree: a set of (uid, start, summary, cancelled)."""
    calendar, strict = parse(body)
    lenient = {
        (
            str(event["UID"]),
            moment(event.decoded("DTSTART")),
            str(event["SUMMARY"]),
            str(event.get("STATUS", "")) == "CANCELLED",
        )
        for event in recurring_ical_events.of(calendar).between(start, end)
    }
    strict_found = {
        (
            event.uid,
            moment(event.dtstart),
            event.summary,
            event.status is not None and event.status.value == "CANCELLED",
        )
        for event in strict.timeline_tz(LONDON).overlapping(start, end)
    }
    assert lenient == strict_found
    return lenient


def local_starts(body, start, end):
    """Each occurrence's start as a Europe/London wall-clock datetime, from both expanders."""
    calendar, strict = parse(body)
    lenient = sorted(
        event.decoded("DTSTART").astimezone(LONDON).replace(tzinfo=None)
        for event in recurring_ical_events.of(calendar).between(start, end)
    )
    strict_found = sorted(
        event.dtstart.astimezone(LONDON).replace(tzinfo=None)
        for event in strict.timeline_tz(LONDON).overlapping(start, end)
    )
    assert lenient == strict_found
    return lenient


def vevents(body, feed=True):
    calendar, _ = parse(body, feed=feed)
    return calendar.walk("VEVENT")
