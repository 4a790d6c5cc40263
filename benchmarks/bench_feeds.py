"""Benchmark the calendar feeds (events.feeds) with 1,000 and 10,000 upcoming events.

Run from the project root:

    python benchmarks/bench_feeds.py            # N = 1,000 then 10,000
    python benchmarks/bench_feeds.py 2000       # other sizes

It builds a throwaway SQLite database in a temporary directory (set BENCH_DATABASE_URL to use
an empty database of your own instead, and REDIS_URL for the Redis cache), creates the events
(one in ten repeating weekly), and prints plain lines of figures for each N:

- the full feed built from nothing (no cached pieces, no cached feed): median and p95, size;
- a feed for a filter never asked before, every event's piece already cached;
- the cached feed served again (plain and gzip), and a 304 for a known ETag;
- a static file of the same size served by the same server (WhiteNoise) in the same run,
  and the ratio of the cached feed to it.

Each request goes through Django's whole stack twice over: in-process with the test client,
and over HTTP to a threaded server in this process.
"""

import gc
import gzip
import http.client
import os
import socket
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORK = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}"
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402

from events.choices import Category  # noqa: E402
from events.models import EventPage  # noqa: E402
from tests.conftest import build_tree  # noqa: E402

SIZES = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000]
COLD_REPEATS = 5
NEW_FILTER_REPEATS = 15
WARM_REPEATS = 40
NOT_MODIFIED_REPEATS = 200
FEED = "/events/feed.ics"
CATEGORIES = [value for value, _ in Category.choices]


def check(condition, message):
    if not condition:
        raise SystemExit(f"benchmark stopped: {message}")


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def summary(values):
    return f"median {ms(statistics.median(values))}, p95 {ms(p95(values))}"


def add_events(parent, first, count):
    """Event pages as an editor would make them: full saves, occurrences and all."""
    today = date.today()
    with transaction.atomic():
        for number in range(first, first + count):
            repeating = number % 10 == 0
            parent.add_child(
                instance=EventPage(
                    title=f"Neighbour Day event number {number}",
                    slug=f"event-{number}",
                    summary="Bring a plate of food, meet the neighbours and stay for the music.",
                    body=[
                        (
                            "paragraph",
                            "<p>Tables, chairs and a <b>gazebo</b> on the green. "
                            '<a href="https://example.org/map">Map</a>.</p>',
                        )
                    ],
                    start_date=today + timedelta(days=1 + number % 330),
                    start_time=None if number % 7 == 0 else clock(10 + number % 9),
                    end_time=None if number % 7 == 0 else clock(12 + number % 9),
                    repeat="weekly" if repeating else "",
                    repeat_count=8 if repeating else None,
                    venue_name="The Green",
                    address="High Street\nDevizes",
                    postcode="SN10 1AB",
                    category=CATEGORIES[number % len(CATEGORIES)],
                )
            )


def timed_get(client, url, **headers):
    start = time.perf_counter()
    response = client.get(url, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return time.perf_counter() - start, response, body


class Http:
    """A keep-alive HTTP connection to the threaded server."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("localhost", port)

    def get(self, url, **headers):
        start = time.perf_counter()
        self.connection.request("GET", url, headers=headers)
        response = self.connection.getresponse()
        body = response.read()
        return time.perf_counter() - start, response, body


class NoDelayServer(ThreadedWSGIServer):
    """Sends small writes at once: wsgiref writes headers and body separately, and Nagle's
    algorithm would hold the second write for the client's delayed ACK (40 ms)."""

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class ServerThread(LiveServerThread):
    server_class = NoDelayServer


def start_server():
    """A threaded HTTP server running the whole site, WhiteNoise included."""
    server = ServerThread("localhost", static_handler=lambda app: app, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server


def measure(n):
    print(f"N = {n:,} upcoming events ({n // 10:,} repeating weekly):")
    client = Client()

    cold = []
    for _ in range(COLD_REPEATS):
        cache.clear()
        elapsed, response, body = timed_get(client, FEED)
        check(response.status_code == 200, "the feed did not build")
        cold.append(elapsed)
    gzipped = gzip.compress(body)
    print(
        f"  built from nothing (no cached pieces): {summary(cold)};"
        f" {len(body):,} bytes ({len(body) / n:.0f} per event), {len(gzipped):,} gzipped"
    )
    # A server that freezes what it loaded at start-up (gc.freeze(), as a preloading server
    # may) spares the collector from scanning it while thousands of pages are serialised.
    gc.freeze()
    frozen = []
    for _ in range(COLD_REPEATS):
        cache.clear()
        frozen.append(timed_get(client, FEED)[0])
    gc.unfreeze()
    print(f"  the same with start-up objects frozen (gc.freeze): {summary(frozen)}")

    new_filter = []
    today = date.today()
    for days_back in range(1, NEW_FILTER_REPEATS + 1):
        url = f"{FEED}?from={today - timedelta(days=days_back)}"
        elapsed, response, other = timed_get(client, url)
        check(response.status_code == 200 and other.count(b"BEGIN:VEVENT") >= n, url)
        new_filter.append(elapsed)
    print(f"  a filter never asked before, pieces cached: {summary(new_filter)}")

    elapsed, response, again = timed_get(client, FEED)
    check(again == body, "the cached feed differs from the one built from nothing")
    static_name = f"bench-feed-{n}.ics"
    (Path(settings.STATIC_ROOT) / static_name).write_bytes(body)
    # WhiteNoise lists the static files when it starts: a new client and server see this one.
    client = Client()
    server = start_server()

    rows = []
    for label, get in (("in-process", client_get(client)), ("over HTTP", Http(server.port).get)):
        cached = [get(FEED)[0] for _ in range(WARM_REPEATS)]
        # The body names its host, so each way in has its own copy and ETag.
        etag = header(get(FEED)[1], "ETag")
        zipped = [get(FEED, **{"Accept-Encoding": "gzip"})[0] for _ in range(WARM_REPEATS)]
        not_modified = []
        for _ in range(NOT_MODIFIED_REPEATS):
            elapsed, response, _ = get(FEED, **{"If-None-Match": etag})
            check(status(response) == 304, "no 304 for a known ETag")
            not_modified.append(elapsed)
        static = []
        for _ in range(WARM_REPEATS):
            elapsed, response, served = get(f"/static/{static_name}")
            check(status(response) == 200 and len(served) == len(body), "static file")
            static.append(elapsed)
        ratio = statistics.median(cached) / statistics.median(static)
        rows.append(
            f"  {label}: cached feed {summary(cached)}; gzip {summary(zipped)};"
            f" 304 {summary(not_modified)}; static file of the same size {summary(static)};"
            f" cached feed / static = {ratio:.2f}"
        )
    print("\n".join(rows))
    server.terminate()


def client_get(client):
    def get(url, **headers):
        return timed_get(client, url, **headers)

    return get


def header(response, name):
    return response[name] if hasattr(response, "status_code") else response.getheader(name)


def status(response):
    return getattr(response, "status_code", None) or response.status


def main():
    print(f"Python {sys.version.split()[0]}, database {settings.DATABASES['default']['ENGINE']},")
    print(f"cache {settings.CACHES['default']['BACKEND']}, {os.cpu_count()} CPUs")
    settings.STATIC_ROOT = str(WORK / "static")
    Path(settings.STATIC_ROOT).mkdir()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    tree = build_tree()
    made = 0
    for n in sorted(SIZES):
        start = time.perf_counter()
        add_events(tree.events, made, n - made)
        print(f"(created {n - made:,} events in {time.perf_counter() - start:.0f} s)")
        made = n
        measure(n)


if __name__ == "__main__":
    main()
