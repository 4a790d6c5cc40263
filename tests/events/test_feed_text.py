"""What people typed, as calendar apps will show it: plain text, escaped, folded, round-trip."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from events.factories import EventPageFactory
from events.feeds import Links, event_components, write_component
from events.feeds.ical import fold
from events.feeds.plain_text import DESCRIPTION_MAX_CHARS, clean_text, html_to_text
from events.models import EventPage

from .calendars import icalendar_event, parse, vevents

ONE_MB = 1024 * 1024
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n"} | {"\x7f"}


def expected(text):
    """The text as a feed may carry it: CR and CRLF as newlines, other control characters out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch not in CONTROL)


def absolute(url):
    return "https://hub.example" + url if url.startswith("/") else url


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>Line<br/>break</p>", "Line\nbreak"),
        (
            '<p>Read <a href="https://x.org/a">the notes</a>.</p>',
            "Read the notes (https://x.org/a).",
        ),
        ('<p><a href="https://x.org">https://x.org</a></p>', "https://x.org"),
        ('<p><a href="/events/">What\'s on</a></p>', "What's on (https://hub.example/events/)"),
        ('<p><a href="mailto:a@b.org">a@b.org</a></p>', "a@b.org"),
        ('<p><a href="tel:+441234567890">Ring us</a></p>', "Ring us (+441234567890)"),
        ("<ul><li>Tea</li><li>Cake</li></ul><p>After</p>", "- Tea\n- Cake\n\nAfter"),
        ("<ol><li>First</li><li>Second</li></ol>", "1. First\n2. Second"),
        ("<h2>Title</h2><p>  lots   of\n spaces </p>", "Title\n\nlots of spaces"),
        ("<p>Fish &amp; chips &lt;3</p>", "Fish & chips <3"),
        ("<p>Bell\x07 and NUL\x00 gone</p>", "Bell and NUL gone"),
    ],
)
def test_rich_text_becomes_readable_plain_text(html, text):
    assert html_to_text(html, absolute) == text


def test_control_characters_are_stripped_and_newlines_kept():
    assert clean_text("a\x00b\x1bc\td\r\ne\rf\x7f") == "abc\td\ne\nf"


def test_a_long_description_is_cut_with_a_link(client, tree):
    paragraph = "word " * 400
    event = EventPageFactory(parent=tree.events, body=[("paragraph", f"<p>{paragraph}</p>")])
    (vevent,) = vevents(client.get("/events/feed.ics").content)
    description = str(vevent["DESCRIPTION"])
    text, link = description.rsplit("\n\n", 1)
    assert text.endswith("…") and len(text) <= DESCRIPTION_MAX_CHARS
    assert link == f"Read the rest: http://testserver{event.url}"


def test_a_thousand_events_stay_under_a_megabyte(client, tree):
    body = [("paragraph", "<p>" + "A long description of a lively afternoon. " * 60 + "</p>")]
    start = timezone.localdate() + timedelta(days=1)
    for number in range(1000):
        EventPageFactory(
            parent=tree.events,
            title=f"Neighbour Day street party on Acacia Avenue and Laburnum Grove {number}",
            slug=f"party-{number}",
            start_date=start + timedelta(days=number % 300),
            venue_name="The Community Centre, Main Hall",
            address="12 High Street\nDevizes\nWiltshire",
            body=body,
            repeat="weekly" if number % 10 == 0 else "",
            repeat_count=10 if number % 10 == 0 else None,
        )
    feed = client.get("/events/feed.ics").content
    assert len(vevents(feed)) == 1000
    assert len(feed) < ONE_MB


# Text PostgreSQL can store (no NUL), anything else Unicode has: emoji, RTL, combining marks,
# control characters, backslashes, commas and semicolons.
texts = (
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        min_size=1,
        max_size=120,
    )
    .map(str.strip)
    .filter(bool)
)
punctuation = st.text(alphabet=",;:\\\"'\n\r\t\x0b\x1b🎉é字", min_size=1, max_size=20)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=st.one_of(texts, punctuation), summary=texts, venue=texts)
def test_any_text_round_trips_through_both_parsers(client, tree, title, summary, venue):
    EventPage.objects.all().delete()
    event = EventPageFactory(
        parent=tree.events, title=title, slug="event", summary=summary, venue_name=venue
    )
    for url in ("/events/feed.ics", "/events/event/event.ics"):
        body = client.get(url).content
        calendar, strict = parse(body, feed=url.endswith("feed.ics"))
        (vevent,) = calendar.walk("VEVENT")
        (strict_event,) = strict.events
        assert str(vevent["SUMMARY"]) == strict_event.summary == expected(title)
        description = str(vevent["DESCRIPTION"])
        assert description == strict_event.description
        assert description.startswith(expected(summary) + "\n\n")
        assert description.endswith(f"http://testserver{event.url}")
        assert str(vevent["LOCATION"]) == strict_event.location == expected(venue) + ", SN10 1AB"
    # The feed's own writer and icalendar, given the same properties: the same bytes.
    for properties in event_components(event, Links()):
        assert write_component(properties) == icalendar_event(properties).to_ical(sorted=False)


@settings(max_examples=300, deadline=None)
@given(
    line=st.text(
        alphabet=st.sampled_from('ab;:,\\^"é€字🎉 ') | st.characters(blacklist_categories=["Cs"]),
        min_size=60,
        max_size=400,
    ).map(lambda text: "DESCRIPTION:" + text.replace("\r", "").replace("\n", ""))
)
def test_lines_fold_as_icalendar_folds_them(line):
    folded = fold(line)
    assert folded.encode() == Contentline(line).to_ical()
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
