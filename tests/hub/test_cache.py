"""The in-process cache that keeps feed text as it is (hub.cache.ProcessCache)."""

import threading

import pytest

from hub import cache as module
from hub.cache import ProcessCache


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(module.time, "time", clock)
    return clock


def make(max_entries=300, timeout=300):
    return ProcessCache("test", {"OPTIONS": {"MAX_ENTRIES": max_entries}, "TIMEOUT": timeout})


def test_values_come_back_as_they_were_stored_not_copies():
    cache = make()
    body = b"BEGIN:VCALENDAR\r\n" * 1000
    meta = {"etag": "abc"}
    cache.set_many({"body": body, "meta": meta})
    assert cache.get("body") is body
    assert cache.get_many(["meta", "missing"]) == {"meta": meta}
    assert cache.get("missing", "default") == "default"


def test_entries_expire(clock):
    cache = make(timeout=60)
    cache.set("short", 1, timeout=10)
    cache.set("default", 2)
    cache.set("forever", 3, timeout=None)
    clock.now += 11
    assert cache.get_many(["short", "default", "forever"]) == {"default": 2, "forever": 3}
    clock.now += 60
    assert cache.get_many(["short", "default", "forever"]) == {"forever": 3}
    clock.now += 10**9
    assert cache.get("forever") == 3


def test_the_least_recently_used_go_first():
    cache = make(max_entries=3)
    cache.set_many({"a": 1, "b": 2, "c": 3})
    assert cache.get("a") == 1  # a is now the most recent
    cache.set("d", 4)
    assert cache.get_many(["a", "b", "c", "d"]) == {"a": 1, "c": 3, "d": 4}
    cache.set_many({"e": 5, "f": 6})
    assert cache.get_many(["a", "b", "c", "d", "e", "f"]) == {"d": 4, "e": 5, "f": 6}


def test_add_touch_delete_clear_and_versions(clock):
    cache = make()
    assert cache.add("k", "first")
    assert not cache.add("k", "second")
    assert cache.get("k") == "first"
    assert cache.touch("k", timeout=5)
    assert not cache.touch("gone")
    clock.now += 6
    assert cache.add("k", "third")  # the old one expired
    cache.set("k", "other version", version=2)
    assert cache.get("k") == "third" and cache.get("k", version=2) == "other version"
    assert cache.delete("k") and not cache.delete("k")
    assert cache.has_key("k", version=2)
    cache.clear()
    assert cache.get_many(["k"], version=2) == {}


def test_threads_share_it_safely():
    cache = make(max_entries=500)

    def work(start):
        for number in range(start, start + 2000):
            cache.set(number, number)
            cache.get_many(range(number - 10, number))

    threads = [threading.Thread(target=work, args=(start,)) for start in (0, 10_000, 20_000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    values = cache.get_many(range(30_000))
    assert len(values) == 500
    assert all(key == value for key, value in values.items())


def test_the_site_keeps_feed_text_in_it(settings):
    from django.core.cache import caches

    assert isinstance(caches["process"], ProcessCache)


def test_a_failed_get_many_answers_a_new_dict_each_time(dead_redis, settings):
    """django-redis answers every failure with one shared {}: filling it in poisoned later
    answers (a feed's generation "found" while Redis was down, so edits never showed)."""
    from django.core.cache import cache

    from hub.settings.base import redis_cache

    settings.CACHES = {**settings.CACHES, "default": redis_cache(dead_redis)}
    cache.get_many(["feeds:generation:site:1"])["feeds:generation:site:1"] = "kept by mistake"
    assert cache.get_many(["feeds:generation:site:1"]) == {}
