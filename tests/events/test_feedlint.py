"""The feed lint finds each problem it is meant to find, and the site's feeds have none.

Each broken sample is the site's own (clean) feed with one thing spoiled, so a lint rule that
stopped working would let its sample through and fail here.
"""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar, Event

from events.choices import DateChange, Repeat
from events.factories import EventDateChangeFactory, EventPageFactory
from events.feeds import LONDON_VTIMEZONE

from .feedlint import components, content_lines, lint, physical_lines, vtimezone_problems

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def feed(client, tree):
    start = timezone.localdate() + timedelta(days=2)
    series = EventPageFactory(
        parent=tree.events,
        title="Café évening " * 8,
        start_date=start,
        start_time=time(19),
        end_time=time(21),
        repeat=Repeat.WEEKLY,
        repeat_count=5,
    )
    EventDateChangeFactory(
        event=series, original_date=start + timedelta(days=7), change=DateChange.SKIPPED
    )
    EventDateChangeFactory(
        event=series, original_date=start + timedelta(days=14), change=DateChange.CANCELLED
    )
    series.save()
    EventPageFactory(
        parent=tree.events, start_date=start, start_time=None, end_time=None, title="Fair"
    )
    body = client.get("/events/feed.ics").content
    assert lint(body) == []
    return body


def only_vtimezone(body):
    lines, _ = physical_lines(body)
    (calendar,) = components(content_lines(lines))
    return next(c for c in calendar["children"] if c["name"] == "VTIMEZONE")


def test_our_vtimezone_is_compact_and_matches_zoneinfo():
    text = LONDON_VTIMEZONE.to_ical()
    assert text.count(b"BEGIN:STANDARD") == 1 and text.count(b"BEGIN:DAYLIGHT") == 1
    assert text.count(b"BYDAY=-1SU") == 2 and b"RDATE" not in text
    calendar = b"BEGIN:VCALENDAR\r\n" + text + b"END:VCALENDAR\r\n"
    assert vtimezone_problems(only_vtimezone(calendar)) == []


def test_our_vtimezone_read_by_icalendar_matches_zoneinfo_hour_by_hour():
    """The same check through icalendar's own reading of the body (not its TZID lookup)."""
    zone = LONDON_VTIMEZONE.to_tz(lookup_tzid=False)
    for year in range(2000, 2038):
        for month in (3, 10):
            last = datetime(year, month, 31, 12, tzinfo=UTC)
            sunday = last - timedelta(days=(last.weekday() + 1) % 7)
            change = sunday.replace(hour=1)
            for hours in range(-24, 25):
                instant = change + timedelta(hours=hours)
                expected = instant.astimezone(LONDON)
                actual = instant.astimezone(zone)
                assert actual.utcoffset() == expected.utcoffset(), instant
                assert actual.replace(tzinfo=None) == expected.replace(tzinfo=None), instant


def test_icalendars_generated_vtimezone_is_caught():
    """The trap: add_missing_timezones() writes spring changes an hour late."""
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", "x")
    event.add("dtstamp", datetime(2025, 1, 1, tzinfo=UTC))
    event.add("dtstart", datetime(2025, 6, 1, 10, tzinfo=LONDON))
    event.add("dtend", datetime(2025, 6, 1, 11, tzinfo=LONDON))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    problems = lint(calendar.to_ical(), feed=False)
    assert problems and all("-03-" in p and "01:00 UTC" in p for p in problems)


def unfolded(body):
    return body.replace(b"\r\n ", b"")


SPOILERS = {
    "bare LF": (lambda b: b.replace(b"\r\n", b"\n"), "CRLF"),
    "long line": (unfolded, "octets"),
    "fold inside UTF-8": (
        lambda b: b.replace("évening".encode(), b"\xc3\r\n \xa9vening", 1),
        "UTF-8",
    ),
    "no VALUE=DURATION": (
        lambda b: b.replace(b"REFRESH-INTERVAL;VALUE=DURATION:", b"REFRESH-INTERVAL:"),
        "REFRESH-INTERVAL",
    ),
    "timedelta TTL": (
        lambda b: b.replace(b"X-PUBLISHED-TTL:PT1H", b"X-PUBLISHED-TTL:1:00:00"),
        "X-PUBLISHED-TTL",
    ),
    "floating": (
        lambda b: b.replace(b"DTEND;TZID=Europe/London:", b"DTEND:", 1),
        "floating",
    ),
    "local UNTIL": (lambda b: re.sub(rb"(UNTIL=\d{8}T\d{6})Z", rb"\1", b), "not UTC"),
    "EXDATE off the series": (
        lambda b: re.sub(rb"(EXDATE;TZID=Europe/London:\d{8}T)19", rb"\g<1>18", unfolded(b)),
        "EXDATE",
    ),
    "RECURRENCE-ID off the series": (
        lambda b: re.sub(rb"(RECURRENCE-ID;TZID=Europe/London:\d{8}T)19", rb"\g<1>20", b),
        "RECURRENCE-ID",
    ),
    "duplicate override": (
        lambda b: re.sub(
            rb"(BEGIN:VEVENT(?:(?!END:VEVENT).)*RECURRENCE-ID.*?END:VEVENT\r\n)",
            rb"\1\1",
            b,
            count=1,
            flags=re.S,
        ),
        "twice",
    ),
    "attendee": (
        lambda b: b.replace(b"CLASS:PUBLIC", b"ATTENDEE:mailto:a@example.org\r\nCLASS:PUBLIC", 1),
        "ATTENDEE",
    ),
    "missing VTIMEZONE": (
        lambda b: re.sub(rb"BEGIN:VTIMEZONE.*END:VTIMEZONE\r\n", b"", b, flags=re.S),
        "no VTIMEZONE",
    ),
}


@pytest.mark.parametrize("spoiler", SPOILERS)
def test_lint_finds_each_problem(feed, spoiler):
    spoil, message = SPOILERS[spoiler]
    spoiled = spoil(feed)
    assert spoiled != feed, "the sample was not spoiled"
    problems = lint(spoiled)
    assert any(message in problem for problem in problems), problems


def test_lint_finds_an_all_day_end_before_its_start(feed):
    start = re.search(rb"DTSTART;VALUE=DATE:(\d{8})", feed)[1]
    spoiled = re.sub(rb"DTEND;VALUE=DATE:\d{8}", b"DTEND;VALUE=DATE:" + start, feed)
    assert any("not after DTSTART" in problem for problem in lint(spoiled))


def test_an_empty_body_is_not_a_feed():
    assert lint(b"") != []
