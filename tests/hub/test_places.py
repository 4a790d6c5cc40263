"""Place names through the real geopy client, against a stand-in Nominatim on 127.0.0.1.

The stand-in speaks Nominatim's /search JSON and records every request, so the tests see
exactly what geopy sent: found, not found, a timeout, server errors, the one-a-second rate
limit, the answers kept in the database, and the per-address allowance (429 over HTTP).
"""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub import places
from hub.geocoder import Point
from hub.models import PlaceLookup

DEVIZES = {
    "place_id": 1,
    "lat": "51.3508",
    "lon": "-1.9945",
    "display_name": "Devizes, Wiltshire, England, SN10 1AB, United Kingdom",
    "class": "place",
    "type": "town",
}
BELFAST = {
    "place_id": 2,
    "lat": "54.5961",
    "lon": "-5.9302",
    "display_name": "Belfast, County Antrim, Northern Ireland, BT1 5GS, United Kingdom",
}
TIMEOUT = 0.5


class StandInNominatim(BaseHTTPRequestHandler):
    """Nominatim's /search: a JSON list of matches. Some names misbehave on purpose."""

    known = {"devizes": [DEVIZES], "bt1 5gs": [BELFAST], "leeds city centre": [DEVIZES]}

    def do_GET(self):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        self.server.requests.append(
            {"at": time.monotonic(), "path": url.path, "query": query, "headers": self.headers}
        )
        name = query.get("q", "").casefold()
        if name == "slowtown":
            time.sleep(TIMEOUT * 3)
        if name == "brokenville":
            return self.answer(500, {"error": "internal error"})
        if name == "busyford":
            return self.answer(503, {"error": "overloaded"})
        if name == "garbleton":
            return self.answer(200, "this is not json")
        return self.answer(200, self.known.get(name, []))

    def answer(self, status, body):
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim(db):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInNominatim)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings = override_settings(
        GEOCODER_SERVICE="nominatim",
        GEOCODER_USER_AGENT="neighbour-day-hub tests (tests@example.org)",
        GEOCODER_DOMAIN=f"127.0.0.1:{server.server_address[1]}",
        GEOCODER_SCHEME="http",
        GEOCODER_TIMEOUT=TIMEOUT,
        GEOCODER_MIN_DELAY_SECONDS=0,
        PLACE_LOOKUPS_PER_MINUTE=100,
    )
    with settings:
        yield server
    server.shutdown()
    server.server_close()


def test_a_place_name_is_found_through_geopy(nominatim):
    place = places.locate("  Devizes ")
    assert place == places.Place(Point(51.3508, -1.9945), "Devizes, Wiltshire")
    [request] = nominatim.requests
    assert request["path"] == "/search"
    assert request["query"]["q"] == "Devizes"
    assert request["query"]["format"] == "json"
    assert request["query"]["countrycodes"] == "gb"
    assert request["headers"]["User-Agent"] == "neighbour-day-hub tests (tests@example.org)"


def test_the_answer_is_kept_so_the_second_look_up_sends_nothing(nominatim):
    first = places.locate("Devizes")
    # A new process: geopy's objects and the cache are gone, the database is not.
    places._service.cache_clear()
    from django.core.cache import cache

    cache.clear()
    assert places.locate("DEVIZES") == first
    assert len(nominatim.requests) == 1
    kept = PlaceLookup.objects.get()
    assert (kept.query, kept.label) == ("devizes", "Devizes, Wiltshire")


def test_an_unknown_place_says_so_and_is_not_asked_for_twice(nominatim):
    for _ in range(2):
        with pytest.raises(places.PlaceNotFound) as error:
            places.locate("Nowhereshire")
        assert str(error.value) == (
            "We couldn't find a place called “Nowhereshire” in the UK. "
            "Please check the spelling, or enter a postcode, like SN10 1AB."
        )
    assert len(nominatim.requests) == 1


def test_a_slow_geocoder_gives_up_after_the_timeout(nominatim):
    started = time.monotonic()
    with pytest.raises(places.PlaceSearchUnavailable) as error:
        places.locate("Slowtown")
    assert time.monotonic() - started < TIMEOUT * 2.5
    assert "not answering" in str(error.value)
    assert "postcode" in str(error.value)
    assert not PlaceLookup.objects.exists()  # a failure is not remembered as "not found"


@pytest.mark.parametrize("name", ["Brokenville", "Busyford", "Garbleton"])
def test_server_errors_and_nonsense_answers_are_one_sentence(nominatim, name):
    for _ in range(2):  # not kept: the next visitor asks again
        with pytest.raises(places.PlaceSearchUnavailable) as error:
            places.locate(name)
        assert str(error.value) == (
            "The place-name search is not answering at the moment, so please try again later, "
            "or enter a postcode, like SN10 1AB."
        )
    assert len(nominatim.requests) == 2


def test_requests_are_at_least_a_second_apart(nominatim):
    places._service.cache_clear()
    with override_settings(GEOCODER_MIN_DELAY_SECONDS=1):
        for name in ("Devizes", "Leeds city centre", "Nowhereshire"):
            with contextlib.suppress(places.PlaceNotFound):
                places.locate(name)
    times = [request["at"] for request in nominatim.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[1:], strict=False))


def test_a_visitor_waits_for_no_more_than_the_timeout_behind_another(nominatim):
    """One online request at a time per process: a second visitor gives up rather than queue."""
    places._ASKING.acquire()
    try:
        started = time.monotonic()
        with pytest.raises(places.PlaceSearchUnavailable):
            places.locate("Devizes")
        assert time.monotonic() - started < TIMEOUT * 2.5
    finally:
        places._ASKING.release()
    assert nominatim.requests == []


def test_a_third_visitor_is_told_at_once_while_one_asks_and_one_waits(nominatim):
    """A slow geocoder holds at most two of a worker's threads: the one asking and the one
    waiting; anyone else hears at once that the place-name search is busy."""
    for _ in range(2):  # one visitor asking, one waiting
        assert places._ASKING_OR_WAITING.acquire(blocking=False)
    try:
        with pytest.raises(places.PlaceSearchUnavailable):
            places.locate("Devizes")
    finally:
        for _ in range(2):
            places._ASKING_OR_WAITING.release()
    assert nominatim.requests == []
    places.locate("Devizes")  # once they are done, the next visitor asks
    assert len(nominatim.requests) == 1


def test_northern_ireland_postcodes_go_online(nominatim):
    place = places.locate("bt15gs")
    assert place == places.Place(Point(54.5961, -5.9302), "BT1 5GS")
    assert nominatim.requests[0]["query"]["q"] == "BT1 5GS"


def test_great_britain_postcodes_never_go_online(nominatim):
    assert places.locate("sn10 1ab").label == "SN10 1AB"
    assert places.locate("SN10").label == "SN10"
    assert nominatim.requests == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please enter a postcode or a place name, like SN10 1AB or Devizes."),
        ("<script>alert(1)</script>", "too long to be a UK postcode"),
        ("<script>", "A place name only has letters"),
        ("<b>Leeds</b>", "A place name only has letters, spaces and simple punctuation"),
        ("!!!", "A place name only has letters"),
        ("x" * 101, "That is too long for a postcode or a place name."),
        ("SN10 1A", "not a complete UK postcode"),
        ("ZZ99 9ZZ", "We couldn't find the postcode ZZ99 9ZZ"),
    ],
)
def test_text_that_cannot_be_a_place_is_refused_without_asking(nominatim, text, message):
    with pytest.raises(places.PlaceError, match=message):
        places.locate(text)
    assert nominatim.requests == []


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=120),
        st.sampled_from(["ß" * 100, "İ" * 100, "St. Mary's", "Ynys Môn", "BT1 5GS"]),
    )
)
def test_any_text_is_a_place_or_one_sentence(nominatim, text):
    try:
        place = places.locate(text, client="192.0.2.9")
    except places.PlaceError as error:
        assert str(error).endswith(".")
        assert "\n" not in str(error)
    else:
        assert isinstance(place.point, Point) and place.label


@override_settings(GEOCODER_USER_AGENT="")
def test_without_a_user_agent_place_names_are_off(db):
    assert not places.enabled()
    with pytest.raises(places.PlaceSearchUnavailable) as error:
        places.locate("Devizes")
    assert str(error.value) == (
        "Searching by place name is not available on this site, "
        "so please enter a postcode, like SN10 1AB."
    )
    with pytest.raises(places.PlaceError, match="Northern Ireland postcode"):
        places.locate("BT1 5GS")
    with pytest.raises(places.PlaceError, match="Please enter a postcode, like SN10 1AB."):
        places.locate(" ")


def test_each_address_has_an_allowance_of_online_look_ups(nominatim):
    with override_settings(PLACE_LOOKUPS_PER_MINUTE=2):
        places.locate("Devizes", client="192.0.2.1")
        with pytest.raises(places.PlaceNotFound):
            places.locate("Nowhereshire", client="192.0.2.1")
        with pytest.raises(places.TooManyLookups, match="wait a minute"):
            places.locate("Leeds city centre", client="192.0.2.1")
        # Kept answers and postcodes cost nothing; other addresses have their own allowance.
        assert places.locate("Devizes", client="192.0.2.1")
        assert places.locate("SN10 1AB", client="192.0.2.1")
        assert places.locate("Leeds city centre", client="192.0.2.2")
    assert len(nominatim.requests) == 3


@pytest.mark.parametrize("redis", ["stalled_redis", "dead_redis"])
def test_with_the_shared_cache_unreachable_the_allowance_fails_closed(nominatim, redis, request):
    """The allowance is counted in the shared cache: when it cannot count, nothing goes out
    (and kept answers and postcodes still work)."""
    from hub.settings.base import redis_cache

    places.locate("Devizes", client="192.0.2.1")
    caches = {**django_settings.CACHES, "default": redis_cache(request.getfixturevalue(redis))}
    with override_settings(CACHES=caches):
        with pytest.raises(places.PlaceSearchUnavailable, match="enter a postcode"):
            places.locate("Leeds city centre", client="192.0.2.1")
        assert places.locate("Devizes", client="192.0.2.1")
        assert places.locate("SN10 1AB", client="192.0.2.1")
        # Not made for a visitor (a management command): no allowance to count.
        assert places.locate("Leeds city centre")
    assert len(nominatim.requests) == 2


def test_client_address_trusts_only_the_configured_proxy_header(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert places.client_address(request) == "10.0.0.1"
    with override_settings(CLIENT_IP_HEADER="X-Forwarded-For"):
        assert places.client_address(request) == "198.51.100.7"
        assert places.client_address(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


# --- Over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def devizes_event(tree):
    from events.factories import EventPageFactory

    return EventPageFactory(parent=tree.events, title="Devizes street party", postcode="SN10 1AB")


def test_the_search_page_finds_events_near_a_place_name(nominatim, devizes_event, client):
    response = client.get("/search/", {"postcode": "Devizes", "radius": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "results within 3 miles of Devizes, Wiltshire" in html
    assert "Devizes street party" in html
    geojson = client.get("/api/search.geojson", {"postcode": "Devizes"}).json()
    assert geojson["search"]["place"] == "Devizes, Wiltshire"
    assert "Devizes street party" in [f["properties"]["title"] for f in geojson["features"]]
    listing = client.get("/events/", {"postcode": "devizes", "radius": "3"})
    assert "within 3 miles of Devizes, Wiltshire" in listing.content.decode()
    assert len(nominatim.requests) == 1  # the page, the map data and /events/ share one answer


def test_a_failing_geocoder_is_one_sentence_on_the_page_and_400_in_the_api(nominatim, client):
    page = client.get("/search/", {"postcode": "Brokenville"})
    assert page.status_code == 200
    assert "The place-name search is not answering at the moment" in page.content.decode()
    api = client.get("/api/search.geojson", {"postcode": "Slowtown"})
    assert api.status_code == 400
    assert "not answering" in api.json()["error"]


@pytest.mark.parametrize("url", ["/search/", "/api/search.geojson", "/events/", "/events/feed.ics"])
def test_too_many_place_look_ups_from_one_address_is_429(nominatim, tree, client, url):
    with override_settings(PLACE_LOOKUPS_PER_MINUTE=1):
        assert client.get(url, {"postcode": "Nowhereshire"}).status_code in (200, 400)
        response = client.get(url, {"postcode": "Slowtown"})
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        assert "wait a minute" in response.content.decode()
        if url.endswith(".ics"):
            # A calendar app shows the one line; widgets on other sites may read it.
            assert response["Content-Type"] == "text/plain; charset=utf-8"
            assert response.content.decode().count("\n") == 0
            assert response["Access-Control-Allow-Origin"] == "*"
        # Postcodes are never limited.
        assert client.get(url, {"postcode": "SN10 1AB"}).status_code == 200
    assert len(nominatim.requests) == 1
