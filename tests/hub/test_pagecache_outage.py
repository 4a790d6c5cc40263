"""With the shared cache unreachable, pages are served uncached and right; when it comes back,
caching resumes by itself. Against a real Redis started on a port of 127.0.0.1."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from events.factories import EventPageFactory
from hub import pagecache

CACHE = pagecache.CACHE_HEADER


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(port):
    """The production cache settings, pointed at ``port``."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "KEY_PREFIX": "hub",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


@pytest.fixture
def redis_server():
    """Starts a Redis server on a free port when called; stopped after the test."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    started = []

    def start(port):
        process = subprocess.Popen(  # noqa: S603 (Debian's redis-server, local only)
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        started.append(process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_pages_are_right_while_the_cache_is_gone_and_cached_again_when_it_is_back(
    client, tree, redis_server
):
    event = EventPageFactory(parent=tree.events, title="Apple pressing")
    port = free_port()  # nothing listens here yet
    with override_settings(CACHES={**caches.settings, "default": redis_cache(port)}):
        for _ in range(2):
            response = client.get(event.url)
            assert response.status_code == 200 and b"Apple pressing" in response.content
            assert response[CACHE] == "unavailable"
            assert response["Cache-Control"] == "private, no-store"
        redis_server(port)
        assert client.get(event.url)[CACHE] == "miss"
        again = client.get(event.url)
        assert again[CACHE] == "hit" and b"Apple pressing" in again.content


class BrokenCache:
    """A cache whose every call fails, as one that raises instead of ignoring errors does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_a_cache_that_raises_costs_only_the_caching(client, tree, monkeypatch):
    event = EventPageFactory(parent=tree.events, title="Apple pressing")
    monkeypatch.setattr(pagecache, "_cache", BrokenCache)
    response = client.get(event.url)
    assert response.status_code == 200 and b"Apple pressing" in response.content
    assert response[CACHE] == "unavailable"
    event.title = "Pear pressing"
    event.save_revision().publish()  # a new generation cannot be started: no error either
    assert b"Pear pressing" in client.get(event.url).content


def test_the_page_cache_leaves_what_an_unreachable_cache_answers_as_it_was(client, tree):
    """django-redis answers every failed ``get_many`` with one shared ``{}``: the page cache
    must not write into it, or every later failure (of any caller) would find its keys."""
    EventPageFactory(parent=tree.events, title="Apple pressing")
    with override_settings(CACHES={**caches.settings, "default": redis_cache(free_port())}):
        for url in ("/events/", "/neighbour-day/"):
            assert client.get(url).status_code == 200
        assert caches["default"].get_many(["feeds:generation:site:1"]) == {}
