"""The search page, its GeoJSON and /events/?postcode= agree, and bad input never breaks them.

Every answer goes through real HTTP (Django's test client) and is read back with real parsers:
the list with Python's html.parser, the GeoJSON with json.
"""

import datetime
import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from events.choices import Category, Repeat, Status
from events.factories import EventPageFactory
from hub import geocoder
from hub.locations import distance_miles
from partners.choices import OrganisationKind
from partners.factories import OrganisationPageFactory
from search import search as search_module

DEVIZES = "SN10 1AB"


class ResultList(HTMLParser):
    """The titles, links and distances of the results lists (<ol class="results">: those
    within the radius, then those whose own area reaches it)."""

    def __init__(self, html):
        super().__init__()
        self.items, self._depth, self._in_list, self._field = [], 0, False, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol" and "results" in attrs.get("class", "").split():
            self._in_list = True
        elif self._in_list and tag == "li":
            self.items.append({"id": attrs["id"], "title": "", "distance": ""})
        elif self._in_list and tag == "a" and "result-card__link" in attrs.get("class", ""):
            self.items[-1]["url"] = attrs["href"]
            self._field = "title"
        elif self._in_list and tag == "span" and attrs.get("class") == "result-card__distance":
            self._field = "distance"

    def handle_endtag(self, tag):
        if tag == "ol":
            self._in_list = False
        if (tag, self._field) in (("a", "title"), ("span", "distance")):
            self._field = None

    def handle_data(self, data):
        if self._field:
            self.items[-1][self._field] += data


def listed(response):
    assert response.status_code == 200
    return ResultList(response.content.decode()).items


def soon(days=3):
    return datetime.date.today() + datetime.timedelta(days=days)


@pytest.fixture
def area(tree):
    """Events and partners around Devizes, with the ones that must never be found."""
    e = tree.events
    made = {
        "coffee": EventPageFactory(
            parent=e, title="Coffee morning", postcode="SN10 1BT", category=Category.FOOD
        ),
        "litter": EventPageFactory(
            parent=e, title="Canal litter pick", postcode="SN10 2DL", category=Category.ENVIRONMENT
        ),
        "choir": EventPageFactory(
            parent=e,
            title="Weekly choir",
            postcode="SN10 3HR",
            repeat=Repeat.WEEKLY,
            repeat_count=10,
            start_date=datetime.date.today() - datetime.timedelta(days=20),
        ),
        "fete": EventPageFactory(
            parent=e, title="Village fete", postcode="SN10 4AA", status=Status.CANCELLED
        ),
        "chippenham": EventPageFactory(parent=e, title="Chippenham picnic", postcode="SN15 3BD"),
        "bath": EventPageFactory(parent=e, title="Bath walk", postcode="BA1 1LN"),
        "edinburgh": EventPageFactory(parent=e, title="Edinburgh ceilidh", postcode="EH1 1YZ"),
        "church_lunch": EventPageFactory(
            parent=tree.organisation,
            title="Lunch at St Mary's",
            postcode="SN10 1NW",
            category=Category.FOOD,
        ),
        # Never found: a draft, a private page, a past event, an online event.
        "draft": EventPageFactory(parent=e, title="Draft party", postcode="SN10 1BT", live=False),
        "private": EventPageFactory(parent=e, title="Private party", postcode="SN10 1BT"),
        "past": EventPageFactory(
            parent=e,
            title="Last year's party",
            postcode="SN10 1BT",
            start_date=datetime.date.today() - datetime.timedelta(days=300),
        ),
        "online": EventPageFactory(
            parent=e, title="Online quiz", postcode="", online_url="https://example.org/quiz"
        ),
        "mosque": OrganisationPageFactory(
            parent=tree.partners,
            title="Devizes Mosque",
            postcode="SN10 2AA",
            kind=OrganisationKind.FAITH_GROUP,
            verified=True,
        ),
        "council": OrganisationPageFactory(
            parent=tree.partners, title="Chippenham Council", postcode="SN15 3BD"
        ),
        "draft_partner": OrganisationPageFactory(
            parent=tree.partners, title="Draft partner", postcode="SN10 1BT", live=False
        ),
    }
    PageViewRestriction.objects.create(
        page=made["private"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return made


NEVER = ["Draft party", "Private party", "Last year's party", "Online quiz", "Draft partner"]


def titles(items):
    return [item["title"].removeprefix("Cancelled: ") for item in items]


@pytest.mark.parametrize("radius", [1, 3, 5, 10, 25])
def test_page_geojson_and_event_listing_agree(client, area, radius):
    params = {"postcode": DEVIZES, "radius": radius}
    items = listed(client.get("/search/", params))
    geojson = client.get("/api/search.geojson", params)
    assert geojson["Content-Type"] == "application/geo+json"
    features = geojson.json()["features"]

    # The map data is the list: same things, same order, same links and distances.
    assert [f["properties"]["id"] for f in features] == [item["id"] for item in items]
    assert [f["properties"]["title"] for f in features] == titles(items)
    assert [f["properties"]["url"] for f in features] == [unescape(i["url"]) for i in items]
    assert [f["properties"]["distance"] + " away" for f in features] == [
        item["distance"] for item in items
    ]

    # ...and exactly what is within the radius, worked out here from the postcodes.
    here = geocoder.geocode_postcode(DEVIZES)
    expected = {
        page.title
        for page in area.values()
        if page.title not in NEVER and distance_miles(here, *page.point) <= radius
    }
    expected.add("St Mary's Church")  # the tree's own organisation, at SN10 1AB
    assert set(titles(items)) == expected
    miles = [f["properties"]["distance_miles"] for f in features]
    assert miles == sorted(miles)

    # /events/ lists the same events (as dated occurrences).
    listing = client.get("/events/", params).content.decode()
    event_titles = {
        unescape(t)
        for t in re.findall(
            r'class="event-card__link"[^>]*>(?:<span[^>]*>[^<]*</span> )?([^<]+)<', listing
        )
    }
    assert event_titles == {
        f["properties"]["title"] for f in features if f["properties"]["kind"] == "events"
    }


def test_geojson_is_rfc_7946(client, area):
    body = client.get("/api/search.geojson", {"postcode": DEVIZES, "radius": 5}).json()
    assert body["type"] == "FeatureCollection"
    assert body["search"]["coordinates"] == [-1.99733, 51.352599]  # longitude first
    by_title = {f["properties"]["title"]: f for f in body["features"]}
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -3 < longitude < -1.5 and 51 < latitude < 52  # longitude first, Wiltshire
        assert feature["properties"]["url"].startswith("http://testserver/")
        assert feature["properties"]["kind"] in ("events", "partners")
    coffee = by_title["Coffee morning"]
    assert coffee["geometry"]["coordinates"] == [
        round(area["coffee"].longitude, 6),
        round(area["coffee"].latitude, 6),
    ]
    start = datetime.datetime.fromisoformat(coffee["properties"]["start"])
    assert start.utcoffset() is not None
    assert start.date() == area["coffee"].start_date
    assert coffee["properties"]["status"] == "scheduled"
    assert by_title["Village fete"]["properties"]["status"] == "cancelled"
    # The weekly choir started three weeks ago: its next date is shown, not its first.
    choir_start = datetime.datetime.fromisoformat(by_title["Weekly choir"]["properties"]["start"])
    assert datetime.date.today() <= choir_start.date() < soon(8)
    mosque = by_title["Devizes Mosque"]["properties"]
    assert mosque["kind"] == "partners" and "start" not in mosque
    assert by_title["Lunch at St Mary's"]["properties"]["url"] == (
        "http://testserver/partners/st-marys-church/lunch-at-st-marys/"
    )


def test_drafts_private_past_and_online_pages_never_appear(client, area):
    params = {"postcode": DEVIZES, "radius": 25}
    page = client.get("/search/", params).content.decode()
    geojson = client.get("/api/search.geojson", params).content.decode()
    events = client.get("/events/", params).content.decode()
    for title in NEVER:
        escaped = title.replace("'", "&#x27;")
        assert escaped not in page and title not in geojson and escaped not in events


def test_kind_narrows_the_results(client, area):
    params = {"postcode": DEVIZES, "radius": 10}
    events = listed(client.get("/search/", {**params, "kind": "events"}))
    partners = listed(client.get("/search/", {**params, "kind": "partners"}))
    everything = listed(client.get("/search/", params))
    assert {i["id"].split("-")[1] for i in events} == {"events"}
    assert {i["id"].split("-")[1] for i in partners} == {"partners"}
    assert sorted(i["id"] for i in events + partners) == sorted(i["id"] for i in everything)


def test_a_kind_that_is_not_registered_is_an_error_and_everything_is_shown(client, area):
    response = client.get("/search/", {"postcode": DEVIZES, "kind": "spaceships"})
    assert "Choose what to show from the list. We have shown everything." in (
        response.content.decode()
    )
    assert len(listed(response)) == len(listed(client.get("/search/", {"postcode": DEVIZES})))
    choices = re.findall(
        r'<option value="([^"]*)"',
        response.content.decode().split('name="kind"')[1].split("</select>")[0],
    )
    assert choices == ["", "events", "partners", "projects", "offers", "needs"]
    assert (
        client.get("/api/search.geojson", {"postcode": DEVIZES, "kind": "spaceships"}).status_code
        == 400
    )


def test_event_filters_narrow_the_events_only_and_words_narrow_everything(client, area):
    params = {"postcode": DEVIZES, "radius": 10}
    food = titles(listed(client.get("/search/", {**params, "category": "food"})))
    assert {"Coffee morning", "Lunch at St Mary's", "Devizes Mosque"} <= set(food)
    assert "Canal litter pick" not in food
    words = titles(listed(client.get("/search/", {**params, "q": "devizes"})))
    assert words == ["Devizes Mosque"]


def test_results_are_paged_and_the_map_data_follows_the_page(client, area, monkeypatch):
    monkeypatch.setattr(search_module, "PAGE_SIZE", 3)
    params = {"postcode": DEVIZES, "radius": 10}
    everything = client.get("/api/search.geojson", {**params, "page": 1}).json()
    assert everything["pages"] > 1
    seen = []
    for number in range(1, everything["pages"] + 1):
        page_items = listed(client.get("/search/", {**params, "page": number}))
        features = client.get("/api/search.geojson", {**params, "page": number}).json()
        assert [f["properties"]["id"] for f in features["features"]] == [
            i["id"] for i in page_items
        ]
        seen += page_items
    assert len(seen) == everything["count"] == len({i["id"] for i in seen})


def test_the_map_is_given_the_same_query(client, area):
    response = client.get("/search/", {"postcode": "sn10 1ab", "radius": "5", "tag": "bad tag!"})
    config = json.loads(
        re.search(
            r'<script id="search-map-config" type="application/json">(.*?)</script>',
            response.content.decode(),
        )[1]
    )
    # Only what the filter accepted: the map never shows more than the list.
    assert config["geojson"] == "/api/search.geojson?postcode=sn10+1ab&radius=5&page=1"
    assert config["tiles"]["url"].startswith("data:image/gif")  # blank tiles in tests


def test_the_query_count_does_not_grow_with_the_results(client, tree, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"postcode": DEVIZES, "radius": 25}).status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert client.get("/api/search.geojson", {"postcode": DEVIZES}).status_code == 200
        return len(queries), len(api)

    EventPageFactory(parent=tree.events, postcode="SN10 1BT")
    count_queries()  # Wagtail caches the site's root paths after the first request
    few = count_queries()
    for postcode in ["SN10 2DL", "SN10 3HR", "SN10 4AA", "SN15 3BD", "BA1 1LN"]:
        EventPageFactory(parent=tree.events, postcode=postcode)
        OrganisationPageFactory(parent=tree.partners, postcode=postcode)
    assert count_queries() == few


def test_geojson_query_count(client, area, django_assert_num_queries):
    # The site (Neighbour Day dates only when the query asks for them); for events the view
    # restrictions, the events in the box, those with matching dates, the shown events' dates
    # and their first occurrences; for partners the view restrictions, the partners in the
    # box and the partners shown; for projects and offers each the view restrictions, the
    # widest area they reach and the rows in the box; for needs the view restrictions (of
    # their organisations' pages) and the rows in the box; the site root paths.
    with django_assert_num_queries(17):
        client.get("/api/search.geojson", {"postcode": DEVIZES, "radius": 25})


def test_the_home_page_search_box_goes_to_the_search_page(client, tree):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html
    assert 'name="postcode"' in html


# --- Bad input ---------------------------------------------------------------------------------

LONG = "x" * 10_000
BAD_PLACES = [
    ("", "Please enter a postcode, like SN10 1AB."),
    ("not a postcode", "Searching by place name is not available on this site"),
    ("ZZ99 9ZZ", "We couldn't find the postcode ZZ99 9ZZ."),
    ("zz999zz", "We couldn't find the postcode zz999zz."),  # quoted as typed
    ("SN10 1A", "is not a complete UK postcode"),
    (LONG, "That is too long for a postcode or a place name."),
    ("<script>alert('x')</script>", "Searching by place name is not available on this site"),
    ("<script>alert(1)</script>", "That is too long to be a UK postcode."),
    ("<script>", "Searching by place name is not available on this site"),
    ("BT1 5GS", "BT1 5GS is a Northern Ireland postcode."),
]
BAD_RADII = ["-5", "0", "ten", "10000", "2.5", "1e9"]


@pytest.mark.parametrize(("text", "message"), BAD_PLACES)
def test_a_bad_place_is_a_clear_message_not_an_error(client, area, text, message):
    page = client.get("/search/", {"postcode": text})
    html = page.content.decode()
    assert page.status_code == 200
    assert escape(message) in html
    assert "<script>" not in html  # the page's own scripts all have attributes
    if text:
        assert f'value="{escape(text)}"' in html  # echoed back, escaped
    api = client.get("/api/search.geojson", {"postcode": text})
    assert api.status_code == 400
    assert message in api.json()["error"]
    events = client.get("/events/", {"postcode": text})
    assert events.status_code == 200
    if text:  # an empty box on /events/ just means "anywhere"
        assert escape(message) in events.content.decode()


@pytest.mark.parametrize("radius", BAD_RADII)
def test_a_bad_radius_says_so_and_uses_three_miles(client, area, radius):
    page = client.get("/search/", {"postcode": DEVIZES, "radius": radius})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choose a distance of 1, 3, 5, 10 or 25 miles. We have used 3 miles." in html
    assert "within 3 miles of SN10 1AB" in html
    assert '<option value="3" selected>3 miles</option>' in html  # the form shows what was used
    api = client.get("/api/search.geojson", {"postcode": DEVIZES, "radius": radius})
    assert api.status_code == 400
    assert "Choose a distance" in api.json()["error"]


def test_the_api_needs_a_place(client, tree):
    response = client.get("/api/search.geojson")
    assert response.status_code == 400
    assert "postcode" in response.json()["error"]


def test_a_first_visit_shows_the_form_without_complaint(client, tree):
    html = client.get("/search/").content.decode()
    assert "notice--error" not in html
    assert "to see what is near it" in html


def test_only_get_and_head(client, tree):
    assert client.post("/search/", {"postcode": DEVIZES}).status_code == 405
    assert client.post("/api/search.geojson", {"postcode": DEVIZES}).status_code == 405
    assert client.head("/api/search.geojson", {"postcode": DEVIZES}).status_code == 200


PARAMS = [
    "postcode",
    "radius",
    "kind",
    "q",
    "when",
    "from",
    "to",
    "category",
    "tag",
    "access",
    "free",
    "page",
]
VALUES = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(
        [
            "SN10 1AB",
            "sn10",
            "BT1 5GS",
            "25",
            "-1",
            "events",
            "partners",
            "food",
            "step_free",
            "2025-02-30",
            "today",
            "on",
            "0",
            "9" * 30,
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.lists(st.tuples(st.sampled_from(PARAMS), VALUES), max_size=6))
def test_no_query_string_gives_a_server_error(client, area, query):
    for url in ("/search/", "/api/search.geojson", "/events/"):
        response = client.get(f"{url}?{urlencode(query)}")
        assert response.status_code in (200, 400), (url, query)
        if url == "/api/search.geojson":
            body = json.loads(response.content)
            assert ("error" in body) == (response.status_code == 400)
