"""Registering, confirming, changing and cancelling a gathering through its signed links."""

import datetime
import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.choices import Status as EventStatus
from events.models import EventPage
from hub import housekeeping, pagecache
from neighbourday import counts, tokens
from neighbourday.choices import Status
from neighbourday.models import AreaCount, Gathering

from .conftest import OTHER_POSTCODE, form_data, links_in

pytestmark = pytest.mark.django_db


def totals(day):
    return counts.totals(day.year)


def test_a_registration_is_invisible_until_confirmed(resident, nd, client):
    response = resident.register()
    assert response.status_code == 302
    assert response["Location"] == "/neighbour-day/register/sent/"
    gathering = Gathering.objects.get()
    assert gathering.status == Status.UNCONFIRMED
    assert gathering.street == "Long Street"  # the house number is dropped
    assert totals(nd.day)["gatherings"] == 0
    assert not EventPage.objects.filter(gathering=gathering).exists()
    assert "Long Street" not in client.get("/events/").content.decode()
    stats = client.get("/api/neighbour-day/stats.json").json()
    assert stats["totals"]["gatherings"] == 0
    (message,) = mail.outbox
    assert message.to == ["ada.organiser@example.org"]
    assert "confirm" in message.subject.lower()
    assert len(links_in(message)) == 1


def test_confirming_counts_it_lists_it_and_shows_help(resident, nd, client):
    manage = resident.register_and_confirm()
    gathering = Gathering.objects.get()
    assert gathering.status == Status.CONFIRMED
    page = gathering.event
    assert page.live and page.get_parent().specific == nd.section
    assert page.postcode == "SN10" and page.address == "Long Street"
    assert totals(nd.day) == {"gatherings": 1, "open_gatherings": 1, "people": 35, "attended": 0}
    html = client.get(manage).content.decode()
    assert "Help nearby" in html and "Closing the road" in html and "invitation" in html
    listing = client.get("/events/").content.decode()
    assert page.title in listing
    # The page is an event like any other: JSON-LD, its calendar file, the map search.
    event_html = client.get(page.url).content.decode()
    assert '"@type": "Event"' in event_html or '"@type":"Event"' in event_html
    assert client.get(page.url + "event.ics").status_code == 200
    found = client.get("/api/search.geojson", {"postcode": "SN10 1AB", "kind": "events"}).json()
    assert page.title in [f["properties"]["title"] for f in found["features"]]
    # Confirming twice changes nothing.
    (confirm_path,) = links_in(mail.outbox[0])
    assert resident.get(confirm_path).status_code == 302
    assert totals(nd.day)["gatherings"] == 1


def test_the_organiser_changes_and_cancels_it(resident, nd, client):
    manage = resident.register_and_confirm()
    change = form_data(nd.day, people="51-100", street="Short Street", postcode=OTHER_POSTCODE)
    response = resident.post(manage + "change/", change)
    assert response.status_code == 302
    gathering = Gathering.objects.get()
    assert gathering.street == "Short Street" and gathering.postcode == OTHER_POSTCODE
    assert gathering.organiser_email == "ada.organiser@example.org"  # not changeable
    assert totals(nd.day)["people"] == 75
    assert gathering.event.title.endswith("Short Street, SN10")

    assert resident.post(manage + "cancel/").status_code == 302
    gathering.refresh_from_db()
    assert gathering.status == Status.CANCELLED
    assert totals(nd.day)["gatherings"] == 0
    page = EventPage.objects.get(pk=gathering.event_id)
    assert page.live and page.status == EventStatus.CANCELLED  # kept in feeds, as cancelled
    feed = client.get("/events/feed.ics").content.decode()
    assert "STATUS:CANCELLED" in feed
    assert "cancelled" in mail.outbox[-1].subject
    # The link cannot change it any more.
    assert resident.post(manage + "change/", change).status_code == 404
    assert resident.post(manage + "cancel/").status_code == 404


def test_signed_links_cannot_be_forged_or_used_for_another(resident, nd):
    manage = resident.register_and_confirm()
    resident.register_and_confirm(organiser_email="bo@example.org", street="Other Road")
    mine, theirs = Gathering.objects.order_by("pk")
    token = manage.rstrip("/").rsplit("/", 1)[1]
    assert tokens.read(token, tokens.MANAGE) == mine
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert resident.get(f"/neighbour-day/manage/{forged}/").status_code == 404
    # A token made with another gathering's id but this secret is refused.
    mine.pk = theirs.pk
    assert tokens.read(tokens.make(mine, tokens.MANAGE), tokens.MANAGE) is None
    # A confirmation link is not a management link, and the other way round.
    confirm_token = tokens.make(theirs, tokens.CONFIRM)
    assert resident.get(f"/neighbour-day/manage/{confirm_token}/").status_code == 404
    assert resident.get(f"/neighbour-day/confirm/{token}/").status_code == 404


def test_an_expired_registration_is_neither_confirmable_nor_kept(resident, nd):
    resident.register()
    (confirm_path,) = links_in(mail.outbox[-1])
    Gathering.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert resident.get(confirm_path).status_code == 404
    assert Gathering.objects.get().status == Status.UNCONFIRMED
    housekeeping.start()  # the worker's daily sweeps
    assert not Gathering.objects.exists()


def test_the_purge_keeps_recent_and_confirmed_ones(resident, nd):
    resident.register_and_confirm()
    resident.register(organiser_email="late@example.org")
    Gathering.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    housekeeping.start()  # the worker's daily sweeps
    assert list(Gathering.objects.values_list("status", flat=True)) == [Status.CONFIRMED]


def test_just_our_street_is_counted_but_never_listed(resident, nd, client):
    resident.register_and_confirm(open_to_everyone="False", street="Quiet Close")
    gathering = Gathering.objects.get()
    assert gathering.event is None
    assert totals(nd.day) == {"gatherings": 1, "open_gatherings": 0, "people": 35, "attended": 0}
    for url in (
        "/events/",
        "/events/feed.ics",
        "/sitemap.xml",
        "/neighbour-day/",
        "/api/neighbour-day/stats.json",
        "/api/neighbour-day/gatherings.geojson?district=SN10",
        "/api/search.geojson?postcode=SN10+1AB",
        "/search/?postcode=SN10+1AB",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Quiet Close" not in response.content.decode(), url
    stats = client.get("/api/neighbour-day/stats.json").json()
    assert stats["districts"] == [
        {
            "district": "SN10",
            "gatherings": 1,
            "open_gatherings": 0,
            "people_expected": 35,
            "people_came": 0,
        }
    ]


def test_the_overview_is_cached_and_refreshed_when_counts_change(resident, nd, client):
    assert client.get("/neighbour-day/")[pagecache.CACHE_HEADER] == "miss"
    assert client.get("/neighbour-day/")[pagecache.CACHE_HEADER] == "hit"
    assert client.get("/api/neighbour-day/stats.json")[pagecache.CACHE_HEADER] == "miss"
    resident.register_and_confirm(open_to_everyone="False")
    response = client.get("/neighbour-day/")
    assert response[pagecache.CACHE_HEADER] == "miss"
    assert "data-nd-gatherings>1<" in response.content.decode()
    assert client.get("/api/neighbour-day/stats.json").json()["totals"]["gatherings"] == 1


SHOWING_COUNTS = (
    "/neighbour-day/",
    "/api/neighbour-day/stats.json",
    "/api/neighbour-day/districts.geojson",
    "/api/neighbour-day/gatherings.geojson?district=SN10",
)


def test_a_street_only_confirmation_leaves_other_pages_cached(resident, nd, client):
    others = ("/", nd.events.url)
    for url in others + SHOWING_COUNTS:
        assert client.get(url)[pagecache.CACHE_HEADER] == "miss", url
    resident.register_and_confirm(open_to_everyone="False")
    for url in others:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response[pagecache.CACHE_HEADER] == "hit" and len(queries) == 0, url
    for url in SHOWING_COUNTS:
        assert client.get(url)[pagecache.CACHE_HEADER] == "miss", url
    assert "data-nd-gatherings>1<" in client.get("/neighbour-day/").content.decode()
    assert client.get("/api/neighbour-day/stats.json").json()["totals"]["gatherings"] == 1


def test_an_open_confirmation_publishes_its_page_which_refreshes_every_page(resident, nd, client):
    for url in ("/", nd.events.url, "/neighbour-day/"):
        assert client.get(url)[pagecache.CACHE_HEADER] == "miss", url
    resident.register_and_confirm()
    for url in ("/", nd.events.url, "/neighbour-day/"):
        assert client.get(url)[pagecache.CACHE_HEADER] == "miss", url
    assert "Long Street" in client.get(nd.events.url).content.decode()


def test_forms_and_links_are_never_cached(resident, nd, client):
    response = client.get("/neighbour-day/register/")
    assert response[pagecache.CACHE_HEADER] == "skip"
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    manage = resident.register_and_confirm()
    for path in ("", "change/", "cancel/", "invitation/", "poster/"):
        response = client.get(manage + path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert response[pagecache.CACHE_HEADER] == "skip", path


def test_counts_and_map_data(resident, nd, client):
    resident.register_and_confirm()
    resident.register_and_confirm(organiser_email="bo@example.org", open_to_everyone="False")
    districts = client.get("/api/neighbour-day/districts.geojson").json()
    (feature,) = districts["features"]
    assert feature["properties"] == {"district": "SN10", "gatherings": 2, "people_expected": 70}
    gatherings = client.get("/api/neighbour-day/gatherings.geojson?district=sn10")
    assert gatherings["Content-Type"] == "application/geo+json"
    (only,) = gatherings.json()["features"]
    assert only["properties"]["place"] == "Long Street, SN10"
    page = Gathering.objects.get(open_to_everyone=True).event
    assert only["properties"]["url"] == f"http://testserver{page.url}"
    assert only["properties"]["title"] == page.title
    longitude, latitude = only["geometry"]["coordinates"]
    assert round(latitude, 3) == latitude  # rounded: about the street, not the house
    assert client.get("/api/neighbour-day/gatherings.geojson").status_code == 400
    assert client.get("/api/neighbour-day/gatherings.geojson?district=<b>").status_code == 400
    html = client.get("/neighbour-day/?sort=people").content.decode()
    assert "SN10" in html and "about 70" in html
    assert client.get("/neighbour-day/?sort=nonsense&area=zz").status_code == 200
    assert (
        json.loads(client.get("/api/neighbour-day/stats.json").content)["areas"][0]["area"] == "SN"
    )


def test_the_resend_page_says_the_same_for_any_address(resident, nd):
    resident.register_and_confirm()
    mail.outbox.clear()
    Gathering.objects.update(link_sent_at=None)
    known = resident.post("/neighbour-day/links/", {"email": "ADA.organiser@example.org"})
    unknown = resident.post("/neighbour-day/links/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    (message,) = mail.outbox
    assert "/neighbour-day/manage/" in message.body
    # Not again within 15 minutes: the page cannot flood an inbox.
    resident.post("/neighbour-day/links/", {"email": "ada.organiser@example.org"})
    assert len(mail.outbox) == 1
    assert resident.post("/neighbour-day/links/", {"email": "not an address"}).status_code == 400


def test_the_form_offers_the_neighbour_day_as_the_date(client, nd):
    html = client.get("/neighbour-day/register/").content.decode()
    assert f'type="date" name="date" value="{nd.day.isoformat()}"' in html
    assert f"Neighbour Day is {nd.day:%A %-d %B %Y}" in html


def test_the_overview_groups_large_figures_in_thousands(nd, client):
    year = client.get("/api/neighbour-day/stats.json").json()["year"]
    AreaCount.objects.create(
        year=year,
        district="SN10",
        area="SN",
        gatherings=12345,
        open_gatherings=2000,
        people=987654,
        attended=23456,
        latitude=51.35,
        longitude=-1.99,
    )
    page = client.get("/neighbour-day/").content.decode()
    assert "data-nd-gatherings>12,345<" in page
    assert ">987,654<" in page and ">23,456<" in page  # the totals
    assert "<td>12,345</td><td>987,654</td>" in page  # the area's row
    assert "<td>12,345</td><td>about 987,654</td>" in page  # the district's row
    assert client.get("/api/neighbour-day/stats.json").json()["totals"]["gatherings"] == 12345
