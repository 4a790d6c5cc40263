"""A feed's Last-Modified is when its content last changed, from the database, so every server
process (each with its own cache) gives the same one and If-Modified-Since gets a 304 from
whichever answers."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from events.factories import EventPageFactory
from events.feeds import caching

pytestmark = pytest.mark.django_db


def clear_caches():
    """What another server process, with caches of its own, starts from."""
    for cache in caches.all():
        cache.clear()


def test_two_processes_give_the_same_last_modified(client, tree, monkeypatch):
    event = EventPageFactory(parent=tree.events)
    first = client.get("/events/feed.ics")["Last-Modified"]
    clear_caches()
    later = timezone.now() + datetime.timedelta(hours=1)
    monkeypatch.setattr(caching.timezone, "now", lambda: later)
    second = client.get("/events/feed.ics")
    assert second["Last-Modified"] == first
    assert parse_http_date(first) >= int(event.updated_at.timestamp())
    clear_caches()
    again = client.get("/events/feed.ics", HTTP_IF_MODIFIED_SINCE=first)
    assert again.status_code == 304


def test_it_moves_when_an_event_changes(client, tree):
    event = EventPageFactory(parent=tree.events)
    before = parse_http_date(client.get("/events/feed.ics")["Last-Modified"])
    event.title = "Renamed"
    event.save_revision().publish()
    event.refresh_from_db()
    after = client.get("/events/feed.ics")["Last-Modified"]
    assert after == http_date(event.updated_at.timestamp())
    assert parse_http_date(after) >= before


def test_it_is_never_before_the_window_last_moved(client, tree):
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    last_modified = parse_http_date(client.get("/events/feed.ics")["Last-Modified"])
    assert last_modified >= int(midnight.timestamp())
