"""Calendar feeds (events.feeds): build, cache, 304 and a static file, for 1,000 and 10,000 events.

    python benchmarks/bench_feeds.py            # N = 1,000 and 10,000
    python benchmarks/bench_feeds.py 500 2000   # other sizes

The events are bench_events' (one in ten repeating weekly). For each N it prints:

- the full feed built from nothing (no cached pieces, no cached feed), and its size;
- a feed for a filter never asked before, every event's piece cached;
- the cached feed served again (plain and gzip), a 304 for its ETag, and a static file of the
  same size served by the same server (WhiteNoise) in the same run, with the ratio.

Serving is measured twice: in-process with Django's test client, and over HTTP to a threaded
server in this process. Targets on a 2-core machine: a new filter over 10,000 cached pieces
under 150 ms, from nothing under 3 s, the cached feed within 2x the static file, a 304 under
5 ms in-process.
"""

import http.client
import socket
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _setup import cpu_reference, setup_django, timed
from bench_events import seeded

COLD_REPEATS = 5
NEW_FILTER_REPEATS = 15
WARM_REPEATS = 40
NOT_MODIFIED_REPEATS = 200
FEED = "/events/feed.ics"


def check(condition, message):
    if not condition:
        raise SystemExit(f"benchmark stopped: {message}")


def figures(median, p95):
    return f"median {median:.1f} ms, p95 {p95:.1f} ms"


class InProcess:
    """Django's test client: the whole middleware stack, no sockets."""

    label = "in-process"

    def __init__(self):
        from django.test import Client

        self.client = Client(HTTP_HOST="localhost")

    def get(self, url, **headers):
        response = self.client.get(url, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, response.headers, body


class OverHttp:
    """A keep-alive connection to a threaded HTTP server running the whole site."""

    label = "over HTTP"

    def __init__(self):
        from django.core.servers.basehttp import ThreadedWSGIServer
        from django.test.testcases import LiveServerThread

        class NoDelayServer(ThreadedWSGIServer):
            # wsgiref writes headers and body separately: without TCP_NODELAY, Nagle's
            # algorithm holds the second write for the client's delayed ACK (40 ms).
            def get_request(self):
                connection, address = super().get_request()
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return connection, address

        class ServerThread(LiveServerThread):
            server_class = NoDelayServer

        self.server = ServerThread("localhost", static_handler=lambda app: app, port=0)
        self.server.daemon = True
        self.server.start()
        self.server.is_ready.wait()
        if self.server.error:
            raise self.server.error
        self.connection = http.client.HTTPConnection("localhost", self.server.port)

    def get(self, url, **headers):
        self.connection.request("GET", url, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.headers, response.read()

    def close(self):
        self.connection.close()
        self.server.terminate()


def build_times(n):
    from django.core.cache import caches

    client = InProcess()

    def from_nothing():
        for cache in caches.all():
            cache.clear()
        status, _, body = client.get(FEED)
        check(status == 200 and body.count(b"BEGIN:VEVENT") >= n, "the feed did not build")

    print(f"  built from nothing (no cached pieces): {figures(*timed(from_nothing, COLD_REPEATS))}")

    days_back = iter(range(1, NEW_FILTER_REPEATS + 1))

    def new_filter():
        url = f"{FEED}?from={date.today() - timedelta(days=next(days_back))}"
        status, _, body = client.get(url)
        check(status == 200 and body.count(b"BEGIN:VEVENT") >= n, url)

    print(
        "  a filter never asked before, pieces cached:"
        f" {figures(*timed(new_filter, NEW_FILTER_REPEATS))}"
    )
    _, _, body = client.get(FEED)
    return body


def icalendar_yardstick():
    """How long icalendar itself takes over the same events: making each VEVENT from the
    same properties with ``Event.add()``, and ``to_ical()``. The issue's own yardstick was
    "about 2.5 s" to serialise 10,000 events on the machine its targets were set on, so this
    says how this machine compares."""
    import time

    from events import feeds
    from events.feeds.caching import RENDER_CHUNK, FeedEvent
    from events.models import EventPage
    from tests.events.calendars import icalendar_event

    links = feeds.Links()
    pks = list(EventPage.objects.live().values_list("pk", flat=True))
    components = []
    for start in range(0, len(pks), RENDER_CHUNK):
        chunk = EventPage.objects.filter(pk__in=pks[start : start + RENDER_CHUNK])
        for _, event in FeedEvent.load(chunk):
            components += feeds.event_components(event, links, tags=[], changes=[])
    started = time.perf_counter()
    vevents = [icalendar_event(properties) for properties in components]
    built = time.perf_counter()
    for vevent in vevents:
        vevent.to_ical()
    done = time.perf_counter()
    print(
        f"  yardstick: icalendar makes these {len(vevents):,} VEVENTs in"
        f" {(built - started) * 1000:.0f} ms and serialises them in {(done - built) * 1000:.0f} ms"
    )


def serving_times(size, static_root):
    """Each way in has its own copy of the feed (its body names the host it was asked on),
    and its own static file of exactly that copy, listed by WhiteNoise as its handler starts."""
    for make in (InProcess, OverHttp):
        probe = make()
        status, _, body = probe.get(FEED)
        check(status == 200, "no cached feed")
        if isinstance(probe, OverHttp):
            probe.close()
        static_name = f"feed-{size}-{make.__name__}.ics"
        (static_root / static_name).write_bytes(body)
        way = make()
        compare(way, f"/static/{static_name}", len(body))
        if isinstance(way, OverHttp):
            way.close()


def compare(way, static_url, length):
    etag = way.get(FEED)[1]["ETag"]

    def cached():
        check(len(way.get(FEED)[2]) == length, "the cached feed changed")

    def zipped():
        check(way.get(FEED, **{"Accept-Encoding": "gzip"})[0] == 200, "no gzip")

    def not_modified():
        check(way.get(FEED, **{"If-None-Match": etag})[0] == 304, "no 304 for its ETag")

    def static():
        status, _, served = way.get(static_url)
        check(status == 200 and len(served) == length, "static file")

    feed_times = timed(cached, WARM_REPEATS)
    static_times = timed(static, WARM_REPEATS)
    print(
        f"  {way.label}: cached feed {figures(*feed_times)}; gzip"
        f" {figures(*timed(zipped, WARM_REPEATS))}; 304"
        f" {figures(*timed(not_modified, NOT_MODIFIED_REPEATS))}; static file of the same"
        f" size {figures(*static_times)}; cached feed / static ="
        f" {feed_times[0] / static_times[0]:.2f}"
    )


def main(sizes):
    setup_django()
    from django.conf import settings

    # WhiteNoise serves this folder; it lists the files when a handler starts.
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="hub-bench-static-")
    settings.ALLOWED_HOSTS = ["localhost"]
    print(
        f"Python {sys.version.split()[0]}, {settings.DATABASES['default']['ENGINE']},"
        f" {settings.CACHES['default']['BACKEND']}"
    )
    for size, seconds in seeded(sizes):
        print(f"N = {size:,} events, seeded in {seconds:.0f} s")
        print(f"  CPU reference (a 5M-step Python loop): {cpu_reference():.0f} ms")
        body = build_times(size)
        icalendar_yardstick()
        print(f"  feed size {len(body):,} bytes ({len(body) / size:.0f} per event)")
        serving_times(size, Path(settings.STATIC_ROOT))
        print(f"  CPU reference again: {cpu_reference():.0f} ms")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000])
