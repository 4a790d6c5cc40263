"""Calendar feeds over real HTTP, read by both parsers, expanded by both expanders."""

import gzip
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from events import feeds
from events.choices import Category, DateChange, Repeat, Status
from events.factories import EventDateChangeFactory, EventIndexPageFactory, EventPageFactory
from events.models import EventPage
from events.recurrence import LONDON, local
from home.factories import HomePageFactory
from partners.factories import OrganisationPageFactory

from .calendars import expand, icalendar_event, local_starts, parse, vevents

FEED = "/events/feed.ics"
ONE_MB = 1024 * 1024


def today():
    return timezone.localdate()


def days(n):
    return today() + timedelta(days=n)


def publish(page, **changes):
    """Edit a page the way the admin does: a revision, then publishing it."""
    page = EventPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def uids(body):
    return {str(event["UID"]) for event in vevents(body)}


def get_feed(client, url=FEED, headers=None):
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.content
    return response


def listing_occurrences(client, query):
    """(uid, UTC start or date, title) of every not-cancelled occurrence the listing shows."""
    found, number = set(), 1
    while True:
        response = client.get(f"/events/?{query}&view=dates&page={number}")  # every date
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        for occurrence in page_obj.object_list:
            if occurrence.is_cancelled:
                continue
            start = occurrence.start
            found.add(
                (
                    str(occurrence.event.uid),
                    start.astimezone(LONDON).date() if occurrence.all_day else start,
                )
            )
        if not page_obj.has_next():
            return found
        number += 1


@pytest.fixture
def varied(tree):
    """Events of every shape, and pages that must never be in a feed."""
    events = tree.events
    shown = {
        "one_off": EventPageFactory(parent=events, title="Litter pick", start_date=days(3)),
        "all_day": EventPageFactory(
            parent=events,
            title="Street fair",
            start_date=days(5),
            end_date=days(6),
            start_time=None,
            end_time=None,
            category=Category.ARTS,
        ),
        "lunch": EventPageFactory(
            parent=events,
            title="Community lunch",
            category=Category.FOOD,
            start_date=days(2),
            start_time=time(12),
            end_time=time(14),
            repeat=Repeat.WEEKLY,
            repeat_count=8,
            organiser=tree.organisation,
        ),
        "fortnightly": EventPageFactory(
            parent=tree.organisation,
            title="Repair café",
            start_date=days(1),
            repeat=Repeat.FORTNIGHTLY,
            repeat_until=days(60),
            organiser=tree.organisation,
        ),
        "monthly": EventPageFactory(
            parent=events,
            title="Quiz night",
            start_date=days(4),
            start_time=time(19, 30),
            end_time=time(22),
            repeat=Repeat.MONTHLY,
            repeat_count=3,
            category=Category.FOOD,
        ),
        "all_day_series": EventPageFactory(
            parent=events,
            title="Open garden",
            start_date=days(6),
            start_time=None,
            end_time=None,
            repeat=Repeat.WEEKLY,
            repeat_count=3,
        ),
        "postponed": EventPageFactory(
            parent=events, title="Picnic", start_date=days(9), status=Status.POSTPONED
        ),
        "online": EventPageFactory(
            parent=events,
            title="Online choir",
            start_date=days(10),
            status=Status.MOVED_ONLINE,
            online_url="https://meet.example.org/choir",
        ),
        "cancelled": EventPageFactory(
            parent=events, title="Barn dance", start_date=days(11), status=Status.CANCELLED
        ),
    }
    lunch = shown["lunch"]
    for offset, change, extra in (
        (7, DateChange.SKIPPED, {}),
        (14, DateChange.MOVED, {"new_date": days(17), "new_start_time": time(13)}),
        (21, DateChange.CANCELLED, {}),
    ):
        EventDateChangeFactory(
            event=lunch,
            original_date=lunch.start_date + timedelta(days=offset),
            change=change,
            **extra,
        )
    lunch.save()

    hidden = {
        "draft": EventPageFactory(parent=events, title="Draft do", start_date=days(3), live=False),
        "private": EventPageFactory(parent=events, title="Members' meeting", start_date=days(3)),
        "unpublished": EventPageFactory(parent=events, title="Withdrawn", start_date=days(3)),
    }
    PageViewRestriction.objects.create(
        page=hidden["private"], restriction_type=PageViewRestriction.LOGIN
    )
    hidden["unpublished"].unpublish()
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other", title="Other")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    other_index = EventIndexPageFactory(parent=other_home, slug="other-events")
    hidden["other_site"] = EventPageFactory(
        parent=other_index, title="Elsewhere", start_date=days(3)
    )
    tree.shown = {name: EventPage.objects.get(pk=page.pk) for name, page in shown.items()}
    tree.hidden = hidden
    return tree


def test_feed_parses_and_agrees_with_the_listing(client, varied):
    body = get_feed(client).content
    until = days(45)
    occurrences = expand(body, timezone.now(), local(until + timedelta(days=1)))
    listed = listing_occurrences(client, f"to={until:%Y-%m-%d}")
    from_feed = {(uid, begins) for uid, begins, _, cancelled in occurrences if not cancelled}
    assert from_feed == listed
    assert len(listed) > 15


@pytest.mark.parametrize(
    "query", ["category=food", "q=lunch", "access=step_free&free=on", "when=next-30-days"]
)
def test_filtered_feed_agrees_with_the_filtered_listing(client, varied, query):
    body = get_feed(client, f"{FEED}?{query}").content
    until = days(30)  # "when=next-30-days" means up to and including this day
    occurrences = expand(body, timezone.now(), local(until + timedelta(days=1)))
    listed = listing_occurrences(client, f"{query}&to={until:%Y-%m-%d}")
    assert {(uid, begins) for uid, begins, _, cancelled in occurrences if not cancelled} == listed


def test_changed_dates_of_a_series_are_overrides(client, varied):
    lunch = varied.shown["lunch"]
    uid = str(lunch.uid)
    first = lunch.start_date
    occurrences = expand(get_feed(client).content, local(first), local(first + timedelta(days=60)))
    mine = {(start, summary, cancelled) for u, start, summary, cancelled in occurrences if u == uid}
    starts = {start for start, _, _ in mine}
    assert local(first, time(12)) in starts
    assert local(first + timedelta(days=7), time(12)) not in starts  # skipped: an EXDATE
    assert local(first + timedelta(days=14), time(12)) not in starts  # moved away ...
    assert (local(days(17), time(13)), "Community lunch", False) in mine  # ... to here
    cancelled = local(first + timedelta(days=21), time(12))
    assert (cancelled, "Cancelled: Community lunch", True) in mine
    assert len(mine) == 7  # eight dates, one skipped

    events = [e for e in vevents(get_feed(client).content) if str(e["UID"]) == uid]
    assert len(events) == 3  # the series, the moved date and the cancelled one
    master = next(e for e in events if "RECURRENCE-ID" not in e)
    assert "RRULE" in master and "EXDATE" in master


def test_every_vevent_is_complete(client, varied):
    body = get_feed(client).content
    for event in vevents(body):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "URL"):
            assert name in event, (name, event.get("SUMMARY"))
        assert event["CLASS"] == "PUBLIC"
        assert event["TRANSP"] == "TRANSPARENT"
        assert str(event["URL"]).startswith("http://testserver/")
    assert b"ATTENDEE" not in body


def test_event_text_and_place(client, varied):
    lunch = publish(
        varied.shown["lunch"],
        venue_name="St Mary's Hall",
        address="1 Church Lane\nDevizes",
        contact_email="secret-moderator@example.org",
        body=[
            (
                "paragraph",
                '<p>Soup, bread; and <b>cake</b>.</p><p>See <a href="https://example.org/menu">'
                "the menu</a> or https://example.org.</p>"
                "<ul><li>Vegan</li><li>Gluten free</li></ul>",
            ),
            ("heading", "Getting there"),
            ("quote", {"text": "Best lunch in town", "attribution": "A neighbour"}),
        ],
    )
    lunch.tags.add("soup, and more", "Hot food")
    lunch.save_revision().publish()
    varied.organisation.private_contact_email = "org-secret@example.org"
    varied.organisation.save_revision().publish()
    body = get_feed(client).content
    assert b"secret-moderator" not in body and b"org-secret" not in body
    event = next(e for e in vevents(body) if str(e["UID"]) == str(lunch.uid) and "RRULE" in e)
    description = str(event["DESCRIPTION"])
    assert description == (
        "Bring a plate of food and meet the neighbours.\n\n"
        "Soup, bread; and cake.\n\n"
        "See the menu (https://example.org/menu) or https://example.org.\n\n"
        "- Vegan\n- Gluten free\n\n"
        "Getting there\n\n"
        "“Best lunch in town” (A neighbour)\n\n"
        "More details: http://testserver/events/community-lunch/"
    )
    assert str(event["LOCATION"]) == "St Mary's Hall, 1 Church Lane, Devizes, SN10 1AB"
    assert event["GEO"].latitude == pytest.approx(lunch.latitude)
    assert event["GEO"].longitude == pytest.approx(lunch.longitude)
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Food", "Hot food", "soup, and more"]
    assert event["ORGANIZER"].params["CN"] == "St Mary's Church"
    assert str(event["ORGANIZER"]) == "http://testserver/partners/st-marys-church/"
    raw = body.replace(b"\r\n ", b"")
    assert b"CATEGORIES:Food,Hot food,soup\\, and more" in raw
    assert b"LOCATION:St Mary's Hall\\, 1 Church Lane\\, Devizes\\, SN10 1AB" in raw


def test_all_day_events_are_dates_with_an_exclusive_end(client, varied):
    fair = varied.shown["all_day"]
    event = next(e for e in vevents(get_feed(client).content) if str(e["UID"]) == str(fair.uid))
    assert event.decoded("DTSTART") == fair.start_date
    assert event.decoded("DTEND") == fair.end_date + timedelta(days=1)
    assert "DTSTART;VALUE=DATE:" in event.to_ical().decode()


def test_times_carry_the_london_tzid(client, varied):
    raw = get_feed(client).content.replace(b"\r\n ", b"").decode()
    raw = re.sub(r"BEGIN:VTIMEZONE.*END:VTIMEZONE", "", raw, flags=re.S)
    timed = re.findall(r"^(DTSTART|DTEND|RECURRENCE-ID|EXDATE)([;:][^\r]*)", raw, re.M)
    assert timed
    for _name, rest in timed:
        assert rest.startswith(";VALUE=DATE:") or rest.startswith(";TZID=Europe/London:"), rest
    assert "X-WR-TIMEZONE:Europe/London" in raw


def test_statuses(client, varied):
    by_uid = {}
    for event in vevents(get_feed(client).content):
        if "RECURRENCE-ID" not in event:
            by_uid[str(event["UID"])] = event
    shown = varied.shown
    postponed = by_uid[str(shown["postponed"].uid)]
    assert (postponed["STATUS"], postponed["SUMMARY"]) == ("TENTATIVE", "Postponed: Picnic")
    online = by_uid[str(shown["online"].uid)]
    assert online["STATUS"] == "CONFIRMED"
    assert online["LOCATION"] == "Online: https://meet.example.org/choir"
    assert "GEO" not in online
    cancelled = by_uid[str(shown["cancelled"].uid)]
    assert (cancelled["STATUS"], cancelled["SUMMARY"]) == ("CANCELLED", "Cancelled: Barn dance")
    assert by_uid[str(shown["one_off"].uid)]["STATUS"] == "CONFIRMED"


def test_hidden_pages_never_appear(client, varied):
    feeds = [
        get_feed(client).content,
        get_feed(client, f"{FEED}?q=a").content,
        get_feed(client, "/partners/st-marys-church/feed.ics").content,
    ]
    hidden_uids = {str(page.uid) for page in varied.hidden.values()}
    for body in feeds:
        assert not hidden_uids & uids(body)
        for page in varied.hidden.values():
            assert page.title.encode() not in body
    assert str(varied.shown["one_off"].uid) in uids(feeds[0])
    for name in ("draft", "unpublished"):
        assert client.get(f"/events/{varied.hidden[name].slug}/event.ics").status_code == 404
    private = client.get(f"/events/{varied.hidden['private'].slug}/event.ics")
    assert private.status_code == 302 and "login" in private["Location"]


def test_other_sites_have_their_own_feed(client, varied, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    body = get_feed(client, "/other-events/feed.ics", headers={"Host": "other.example"}).content
    assert uids(body) == {str(varied.hidden["other_site"].uid)}


def test_organisation_feed(client, varied):
    body = get_feed(client, "/partners/st-marys-church/feed.ics").content
    shown = varied.shown
    assert uids(body) == {str(shown["lunch"].uid), str(shown["fortnightly"].uid)}
    calendar, _ = parse(body)
    assert str(calendar["X-WR-CALNAME"]) == "Hub: events by St Mary's Church"
    filtered = get_feed(client, "/partners/st-marys-church/feed.ics?category=food").content
    assert uids(filtered) == {str(shown["lunch"].uid)}
    page = client.get("/partners/st-marys-church/")
    titles = {occurrence.event.title for occurrence in page.context["upcoming"]}
    assert titles == {"Community lunch", "Repair café"}


def test_calendar_header(client, varied):
    response = get_feed(client, f"{FEED}?category=food&postcode=SN10+1AB&radius=3")
    calendar, strict = parse(response.content)
    name = "Hub: food events within 3 miles of SN10 1AB"
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == name
    assert "Food events within 3 miles of SN10 1AB" in str(calendar["X-WR-CALDESC"])
    assert calendar["METHOD"] == "PUBLISH" and calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert str(calendar["SOURCE"]) == (
        "http://testserver/events/feed.ics?category=food&postcode=SN10+1AB&radius=3"
    )
    assert (
        str(calendar["URL"]) == "http://testserver/events/?category=food&postcode=SN10+1AB&radius=3"
    )
    assert strict.prodid == calendar["PRODID"]
    raw = response.content.replace(b"\r\n ", b"")
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in raw


def test_names_are_escaped(client, tree):
    """icalendar writes NAME/X-WR-CALNAME/X-WR-CALDESC unescaped unless given as vText."""
    tree.site.site_name = "Hub; North, and South"
    tree.site.save()
    raw = get_feed(client, f"{FEED}?q=a,b").content.replace(b"\r\n ", b"")
    assert (
        b"\r\nNAME:Hub\\; North\\, and South: events matching \xe2\x80\x9ca\\,b\xe2\x80\x9d\r\n"
        in raw
    )
    assert b"X-WR-CALNAME:Hub\\; North\\, and South:" in raw
    assert b"X-WR-CALDESC:Events matching \xe2\x80\x9ca\\,b\xe2\x80\x9d from Hub\\; North" in raw


def test_calendar_uid_is_stable_and_differs_per_filter(client, tree):
    EventPageFactory(parent=tree.events)
    first = parse(get_feed(client).content)[0]["UID"]
    EventPageFactory(parent=tree.events)  # a publish: the feed is built again
    assert parse(get_feed(client).content)[0]["UID"] == first
    assert parse(get_feed(client, f"{FEED}?category=food").content)[0]["UID"] != first
    assert "testserver" not in str(first)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("category=bowling", "Category: Select a valid choice."),
        ("from=2025-02-30", "From: Enter a valid date."),
        ("to=yesterday", "To: Enter a valid date."),
        ("postcode=NOT+A+POSTCODE", "Near postcode:"),
        ("postcode=SN10+1AB&radius=5000", "Within: Choose a distance of 1, 3, 5, 10 or 25"),
        ("access=jetpack", "Accessibility: Select a valid choice."),
        ("when=someday", "When: Select a valid choice."),
        ("q=" + "x" * 300, "Search: Ensure this value has at most 200 characters"),
    ],
)
def test_bad_input_is_a_400_with_a_plain_reason(client, tree, query, reason):
    EventPageFactory(parent=tree.events)
    for url in (FEED, "/partners/st-marys-church/feed.ics"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        text = response.content.decode()
        assert reason in text and "\n" not in text
    # The HTML listing shows the same reason and the events that match the rest.
    listing = client.get(f"/events/?{query}")
    assert listing.status_code == 200
    assert reason.split(":")[0] in listing.content.decode()


def test_http_headers(client, varied):
    feed = get_feed(client)
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Content-Disposition"] == 'inline; filename="events.ics"'
    assert feed["Access-Control-Allow-Origin"] == "*"
    assert feed["Cache-Control"] == "public, max-age=600"
    assert feed["Vary"] == "Accept-Encoding"
    assert int(feed["Content-Length"]) == len(feed.content)
    single = client.get(f"/events/{varied.shown['lunch'].slug}/event.ics")
    assert single.status_code == 200
    assert single["Content-Type"] == "text/calendar; charset=utf-8"
    assert single["Content-Disposition"] == 'attachment; filename="community-lunch.ics"'
    assert single["Access-Control-Allow-Origin"] == "*"
    assert single["ETag"]


def test_conditional_requests(client, varied):
    first = get_feed(client)
    etag = first["ETag"]
    again = client.get(FEED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    by_date = client.get(FEED, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304
    head = client.head(FEED)
    assert head.status_code == 200 and head["ETag"] == etag and head.content == b""

    publish(varied.shown["one_off"], title="Litter pick and picnic")
    after = client.get(FEED, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert b"SUMMARY:Litter pick and picnic" in after.content


@pytest.mark.parametrize(
    "url", [FEED, f"{FEED}?category=food", "/partners/st-marys-church/feed.ics"]
)
def test_polling_with_the_etag_is_answered_from_the_cache(
    client, varied, url, django_assert_num_queries
):
    etag = get_feed(client, url)["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    assert again["Cache-Control"] == f"public, max-age={feeds.MAX_AGE}"
    # Another filter, or an ETag that is not the current one, goes to the page.
    assert client.get(f"{url}&tag=x" if "?" in url else f"{url}?tag=x").status_code == 200
    stale = client.get(url, headers={"If-None-Match": '"not-the-etag"'})
    assert stale.status_code == 200 and stale["ETag"] == etag


def test_a_polled_feed_changes_when_its_events_do(client, varied):
    etag = get_feed(client)["ETag"]
    publish(varied.shown["one_off"], title="Litter pick and picnic")
    after = client.get(FEED, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after["ETag"] != etag


def test_a_polled_feed_is_refused_once_its_page_is_private_or_unpublished(client, varied):
    etag = get_feed(client)["ETag"]
    restriction = PageViewRestriction.objects.create(
        page=varied.events, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 302
    restriction.delete()
    etag = get_feed(client)["ETag"]
    varied.events.unpublish()
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 404


def test_a_polled_feed_is_checked_again_the_next_day(client, varied, monkeypatch, rf):
    etag = get_feed(client)["ETag"]
    request = rf.get(FEED)
    assert feeds.known_feed(request).etag == etag.strip('"')
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert feeds.known_feed(request) is None
    # The page builds it for the new day: the same events, so the same ETag.
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert feeds.known_feed(request).etag == etag.strip('"')


def test_single_event_conditional_request(client, varied):
    url = f"/events/{varied.shown['lunch'].slug}/event.ics"
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_gzip(client, varied):
    plain = get_feed(client)
    zipped = get_feed(client, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["ETag"] == f"W/{plain['ETag']}"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    revalidated = client.get(
        FEED, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]}
    )
    assert revalidated.status_code == 304


def test_feed_body_is_cached_and_identical(client, varied, django_assert_max_num_queries):
    first = get_feed(client).content
    with django_assert_max_num_queries(8):
        assert get_feed(client).content == first
    with django_assert_max_num_queries(8):
        assert client.get(FEED, headers={"If-None-Match": '"x"'}).status_code == 200


def test_building_a_feed_does_not_query_per_event(client, tree, django_assert_max_num_queries):
    for n in range(30):
        EventPageFactory(parent=tree.events, start_date=days(n % 10 + 1))
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(15):
        assert len(uids(get_feed(client).content)) == 30


def test_joined_pieces_equal_a_full_icalendar_build(client, varied, rf):
    """Caching pieces must not change a byte: compare with one Calendar built in one go."""
    from icalendar import Calendar

    from events.filters import EventFilter

    request = rf.get("/events/feed.ics")
    body = get_feed(client).content
    event_filter = EventFilter({}, site=varied.site, feed=True)
    links = feeds.Links(request)
    address = feeds.feed_address(request, varied.events, event_filter)
    calendar = Calendar.from_ical(feeds.calendar_header(address) + feeds.END_OF_CALENDAR)
    for event in event_filter.feed_events():
        for properties in feeds.event_components(event, links):
            calendar.add_component(icalendar_event(properties))
    assert calendar.to_ical(sorted=False) == body


def test_a_draft_save_keeps_the_cached_feed(client, varied):
    etag = get_feed(client)["ETag"]
    page = EventPage.objects.get(pk=varied.shown["one_off"].pk)
    page.title = "Not yet"
    page.save_revision()  # a draft: nothing public changed
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert b"Not yet" not in get_feed(client).content


def test_publishing_elsewhere_keeps_other_organisations_feeds(client, varied):
    other = OrganisationPageFactory(parent=varied.partners, title="Mosque")
    EventPageFactory(parent=varied.events, organiser=other, title="Iftar")
    org_url = "/partners/st-marys-church/feed.ics"
    org_etag = get_feed(client, org_url)["ETag"]
    site_etag = get_feed(client)["ETag"]
    EventPageFactory(parent=varied.events, organiser=other, title="Open mosque day")
    assert client.get(org_url, headers={"If-None-Match": org_etag}).status_code == 304
    assert client.get(FEED, headers={"If-None-Match": site_etag}).status_code == 200


@pytest.mark.parametrize("change", ["unpublish", "delete", "restrict", "move", "organiser"])
def test_changes_reach_the_cached_feeds(client, varied, change):
    lunch = varied.shown["lunch"]
    uid = str(lunch.uid)
    org_url = "/partners/st-marys-church/feed.ics"
    assert uid in uids(get_feed(client).content)
    assert uid in uids(get_feed(client, org_url).content)
    if change == "unpublish":
        lunch.unpublish()
    elif change == "delete":
        lunch.delete()
    elif change == "restrict":
        PageViewRestriction.objects.create(page=lunch, restriction_type=PageViewRestriction.LOGIN)
    elif change == "move":
        lunch.move(varied.organisation, pos="last-child")
    elif change == "organiser":
        publish(lunch, organiser=None)
    site_feed, org_feed = get_feed(client).content, get_feed(client, org_url).content
    if change == "move":
        moved = next(e for e in vevents(site_feed) if str(e["UID"]) == uid)
        assert str(moved["URL"]) == "http://testserver/partners/st-marys-church/community-lunch/"
        assert uid in uids(org_feed)
    else:
        assert uid not in uids(org_feed)
        assert (uid in uids(site_feed)) == (change == "organiser")


def test_renaming_the_organiser_reaches_the_feeds(client, varied):
    def organisers(body):
        return {e["ORGANIZER"].params["CN"] for e in vevents(body) if "ORGANIZER" in e}

    assert organisers(get_feed(client).content) == {"St Mary's Church"}
    organisation = varied.organisation
    organisation.title = "St Mary the Virgin"
    organisation.save_revision().publish()
    assert organisers(get_feed(client).content) == {"St Mary the Virgin"}
    calendar, _ = parse(get_feed(client, "/partners/st-marys-church/feed.ics").content)
    assert str(calendar["NAME"]) == "Hub: events by St Mary the Virgin"


def test_cancelled_event_stays_for_30_days_after_it_ends(client, tree):
    kept = EventPageFactory(
        parent=tree.events, title="Fete", start_date=days(-30), status=Status.CANCELLED
    )
    gone = EventPageFactory(
        parent=tree.events, title="Jumble sale", start_date=days(-31), status=Status.CANCELLED
    )
    past = EventPageFactory(parent=tree.events, title="Bake off", start_date=days(-31))
    found = {str(e["UID"]): e for e in vevents(get_feed(client).content)}
    assert str(kept.uid) in found
    assert found[str(kept.uid)]["STATUS"] == "CANCELLED"
    assert found[str(kept.uid)]["SUMMARY"] == "Cancelled: Fete"
    assert str(gone.uid) not in found and str(past.uid) not in found


def test_cancelling_an_event_keeps_it_in_the_feed(client, tree):
    event = EventPageFactory(parent=tree.events, title="Fun run", start_date=days(3))
    before = next(iter(vevents(get_feed(client).content)))
    assert before["STATUS"] == "CONFIRMED"
    publish(event, status=Status.CANCELLED, status_message="The field is flooded.")
    after = next(iter(vevents(get_feed(client).content)))
    assert after["STATUS"] == "CANCELLED"
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert str(after["DESCRIPTION"]).startswith("This event is cancelled. The field is flooded.")


def test_feed_window_is_12_months(client, tree):
    soon = EventPageFactory(parent=tree.events, start_date=days(360))
    later = EventPageFactory(parent=tree.events, start_date=days(370))
    found = uids(get_feed(client).content)
    assert str(soon.uid) in found and str(later.uid) not in found
    listing = client.get("/events/?from=" + days(369).isoformat())
    assert listing.context["page_obj"].paginator.count == 1  # the listing still has it


def test_weekly_event_across_the_autumn_clock_change_keeps_its_local_time(client, tree):
    year = today().year
    clocks_back = last_sunday(year, 10)
    if clocks_back < days(7):
        clocks_back = last_sunday(year + 1, 10)
    first = clocks_back - timedelta(days=14)
    EventPageFactory(
        parent=tree.events,
        start_date=first,
        start_time=time(10),
        end_time=time(11),
        repeat=Repeat.WEEKLY,
        repeat_count=4,
    )
    body = get_feed(client).content
    starts = local_starts(body, local(first), local(first + timedelta(days=30)))
    assert starts == [datetime.combine(first + timedelta(weeks=n), time(10)) for n in range(4)]
    utc_hours = [
        o[1].hour for o in sorted(expand(body, local(first), local(first + timedelta(days=30))))
    ]
    assert utc_hours == [9, 9, 10, 10]


def test_weekly_event_across_the_spring_clock_change_keeps_its_local_time(client, tree):
    year = today().year
    clocks_forward = last_sunday(year, 3)
    if clocks_forward < days(7):
        clocks_forward = last_sunday(year + 1, 3)
    first = clocks_forward - timedelta(days=8)  # a Saturday
    EventPageFactory(
        parent=tree.events,
        start_date=first,
        start_time=time(23, 30),
        end_time=time(23, 45),
        repeat=Repeat.WEEKLY,
        repeat_until=first + timedelta(days=14),
    )
    body = get_feed(client).content
    starts = local_starts(body, local(first), local(first + timedelta(days=20)))
    assert starts == [datetime.combine(first + timedelta(weeks=n), time(23, 30)) for n in range(3)]


def last_sunday(year, month):
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def test_series_end_is_utc_until(client, tree):
    event = EventPageFactory(
        parent=tree.events,
        start_date=days(1),
        repeat=Repeat.WEEKLY,
        repeat_until=days(50),
        repeat_count=3,  # whichever comes first: three dates
    )
    master = next(iter(vevents(get_feed(client).content)))
    until = master["RRULE"]["UNTIL"][0]
    assert until == local(days(15), event.start_time).astimezone(until.tzinfo)
    assert "COUNT" not in master["RRULE"]


def alternates(html):
    return re.findall(
        r'<link rel="alternate" type="text/calendar" title="([^"]*)" href="([^"]*)">', html
    )


def test_pages_name_their_feeds(client, varied):
    listing = client.get("/events/?category=food&page=1&from=bad").content.decode()
    feed = "http://testserver/events/feed.ics?category=food"
    assert alternates(listing) == [("Hub: food events", feed)]  # page and bad values dropped
    assert f'href="{feed.replace("http://", "webcal://")}"' in listing
    assert f'<a href="{feed}">{feed}</a>' in listing

    organisation = client.get("/partners/st-marys-church/").content.decode()
    org_feed = "http://testserver/partners/st-marys-church/feed.ics"
    assert alternates(organisation) == [("Hub: events by St Mary&#x27;s Church", org_feed)]
    assert 'href="webcal://testserver/partners/st-marys-church/feed.ics"' in organisation

    event = client.get("/events/community-lunch/").content.decode()
    assert alternates(event) == [
        ("Community lunch (calendar file)", "http://testserver/events/community-lunch/event.ics"),
        ("Hub: events", "http://testserver/events/feed.ics"),
    ]
    assert "Add to Google Calendar" in event


def test_a_cancelled_event_offers_no_add_to_calendar(client, varied):
    page = client.get(f"/events/{varied.shown['cancelled'].slug}/").content.decode()
    assert "Add to your calendar" not in page
    assert "This event is cancelled" in page


def test_neighbour_day_feed(client, tree):
    from hub.models import NeighbourDayDate

    assert get_feed(client, f"{FEED}?when=neighbour-day").content.count(b"VEVENT") == 0
    assert client.get("/events/?when=neighbour-day").status_code == 200  # no date set yet
    day = days(20)
    NeighbourDayDate.objects.create(settings=tree.settings, date=day)
    on_the_day = EventPageFactory(parent=tree.events, start_date=day)
    EventPageFactory(parent=tree.events, start_date=days(21))
    body = get_feed(client, f"{FEED}?when=neighbour-day").content
    assert uids(body) == {str(on_the_day.uid)}
    assert f"on {day:%-d %B %Y}" in str(parse(body)[0]["NAME"])


def test_pieces_rendered_in_chunks_are_the_same(client, tree, monkeypatch):

    for n in range(12):
        EventPageFactory(
            parent=tree.events, start_date=days(n + 1), repeat="weekly", repeat_count=3
        )
    whole = get_feed(client).content
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(feeds.caching, "RENDER_CHUNK", 5)
    assert get_feed(client).content == whole


def test_renaming_the_site_reaches_its_feeds(client, varied):
    assert str(parse(get_feed(client).content)[0]["NAME"]) == "Hub: events"
    varied.site.site_name = "Devizes Neighbours"
    varied.site.save()
    assert str(parse(get_feed(client).content)[0]["NAME"]) == "Devizes Neighbours: events"


def test_an_event_in_a_section_organised_by_another_is_in_both_feeds(client, varied):
    mosque = OrganisationPageFactory(parent=varied.partners, title="Mosque")
    st_marys = "/partners/st-marys-church/feed.ics"
    etag = get_feed(client, st_marys)["ETag"]
    joint = EventPageFactory(parent=varied.organisation, organiser=mosque, title="Joint iftar")
    assert client.get(st_marys, headers={"If-None-Match": etag}).status_code == 200
    assert str(joint.uid) in uids(get_feed(client, st_marys).content)
    assert str(joint.uid) in uids(get_feed(client, "/partners/mosque/feed.ics").content)
    page = client.get("/partners/st-marys-church/")
    assert "Joint iftar" in {o.event.title for o in page.context["upcoming"]}
