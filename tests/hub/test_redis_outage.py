"""With Redis paused or gone, the site answers at once, uncached, and its protections hold.

The shared cache is pointed at a stand-in on 127.0.0.1: a socket that accepts connections
and never answers (a paused Redis), or a port nothing listens on (a dead one), configured
exactly as production configures a real Redis (``hub.settings.base.redis_cache``).
"""

import contextlib
import logging
import signal
import time

import pytest
from django.test import Client

from events.factories import EventPageFactory
from hub.cache import Breaker
from hub.settings.base import redis_cache
from tests.partners.conftest import PASSWORD, build_partner_site, make_user

pytestmark = pytest.mark.django_db


class Hung(BaseException):
    """Raised into a request that waits too long; a BaseException, so that no ``except
    Exception`` (or ``except TimeoutError``) on the way can swallow it."""


@contextlib.contextmanager
def deadline(seconds):
    """Fail, rather than hang for ever, if the block takes longer than ``seconds``."""

    def give_up(signum, frame):
        raise Hung(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(params=["stalled", "dead"])
def broken_redis(request, settings):
    """The shared cache pointed at a Redis that never answers, or is not there."""
    url = request.getfixturevalue(f"{request.param}_redis")
    shared = redis_cache(url)
    # One breaker window for the whole test, however slow the machine: Redis is tried once.
    shared["OPTIONS"]["BREAKER_SECONDS"] = 3600
    settings.CACHES = {**settings.CACHES, "default": shared}
    return request.param


@pytest.fixture
def redis_waits(monkeypatch):
    """Each call that waited for the broken Redis and failed (before the breaker opened)."""
    waits = []
    failed = Breaker.failed

    def counted(breaker, error):
        waits.append(error)
        failed(breaker, error)

    monkeypatch.setattr(Breaker, "failed", counted)
    return waits


@pytest.fixture
def public_urls(tree):
    site = build_partner_site(tree)
    event = EventPageFactory(parent=tree.events, title="Coffee morning", postcode="SN10 1BT")
    return [
        "/",
        "/events/",
        event.url,
        event.url + "event.ics",
        "/events/feed.ics",
        "/partners/",
        site.org_a.url,
        site.org_a.url + "feed.ics",
        "/partnerships/",
        "/offers/",
        f"/offers/{site.offer_a.pk}/",
        "/search/?postcode=SN10+1AB",
        "/api/search.geojson?postcode=SN10+1AB",
        "/sitemap.xml",
        "/robots.txt",
        "/dashboard/login/",
    ]


def test_every_public_page_answers_and_waits_on_redis_once(
    redis_waits, broken_redis, public_urls, settings
):
    """Whatever the machine's speed: one call waits for the broken Redis (bounded by the
    socket timeouts, under a second together), then the breaker skips it for every page.
    The time each page takes is printed; a page that hangs fails the test (5 s)."""
    assert settings.REDIS_CONNECT_TIMEOUT + settings.REDIS_TIMEOUT < 1.0
    client = Client()
    slowest = 0.0
    for _round in range(2):  # the second round after the first has met the broken Redis
        for url in public_urls:
            started = time.perf_counter()
            with deadline(5):
                response = client.get(url)
            slowest = max(slowest, time.perf_counter() - started)
            assert response.status_code == 200, url
    assert len(redis_waits) == 1, redis_waits
    print(f"slowest page with a {broken_redis} Redis: {slowest * 1000:.0f} ms")  # noqa: T201


def test_a_warning_is_logged_once_not_per_request(broken_redis, public_urls, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="hub.cache"):
        for url in public_urls * 3:
            with deadline(5):
                client.get(url)
    logged = caplog.get_records("setup") + caplog.records
    warnings = [record for record in logged if record.name == "hub.cache"]
    assert len(warnings) == 1
    assert "Redis" in warnings[0].getMessage()


def test_logins_work_and_are_still_locked_out(broken_redis, tree):
    make_user("editor")
    attacker, editor = Client(REMOTE_ADDR="198.51.100.9"), Client(REMOTE_ADDR="192.0.2.4")
    with deadline(10):
        for _attempt in range(5):
            attacker.post("/dashboard/login/", {"username": "editor", "password": "wrong"})
        refused = attacker.post("/dashboard/login/", {"username": "editor", "password": PASSWORD})
        signed_in = editor.post("/dashboard/login/", {"username": "editor", "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert signed_in.status_code == 302


def test_feeds_show_changes_made_while_redis_is_down(broken_redis, tree):
    event = EventPageFactory(parent=tree.events, title="Coffee morning", postcode="SN10 1BT")
    client = Client()
    with deadline(5):
        assert b"Coffee morning" in client.get("/events/feed.ics").content
    event.title = "Tea morning"
    event.save_revision().publish()
    with deadline(5):
        feed = client.get("/events/feed.ics").content
    assert b"Tea morning" in feed
    assert b"Coffee morning" not in feed
