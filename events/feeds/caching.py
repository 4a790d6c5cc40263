"""Caching and polling: a feed for a filter is joined from each event's cached piece, kept
whole per site or organisation generation, and a poll with the current ETag is answered from
the caches alone."""

import functools
import gc
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache, caches
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import compress_string

from .ical import PIECE_FORMAT, calendar_header, event_piece, join_calendar

# How long browsers and proxies may keep a copy without asking (Cache-Control max-age).
MAX_AGE = 600
# Cached feeds and pieces live this long at most; the feed key changes every day anyway.
FEED_TIMEOUT = 24 * 60 * 60
PIECE_TIMEOUT = 30 * 24 * 60 * 60
# How many events are loaded and serialised at a time when their pieces are not cached.
RENDER_CHUNK = 500


def cache_get_many(keys):
    """Values from this process's cache, then from the shared one (kept here as well).

    Everything feeds keep there is stored under a key that names its content exactly (an
    event's facts, or a feed's generation and day), so no copy can be stale; only the
    generations themselves are always read from the shared cache.
    """
    near = caches["process"]
    found = near.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        if shared:
            near.set_many(shared, PIECE_TIMEOUT)
        found.update(shared)
    return found


def cache_set_many(values, timeout):
    cache.set_many(values, timeout)
    caches["process"].set_many(values, timeout)


# Every fact an event's piece depends on besides the site address: a new save of the event
# changes updated_at (read as piece_stamp), a move changes url_path, and the organiser's
# name and page are written into ORGANIZER.
PIECE_FIELDS = (
    "pk",
    "piece_stamp",
    "url_path",
    "organiser_id",
    "organiser__title",
    "organiser__url_path",
    "organiser__live",
)


def with_piece_facts(events):
    """Event pages with ``piece_stamp``: their ``updated_at`` as the text the database holds.

    Reading it as text rather than as a datetime takes a good part of the time off a feed
    whose 10,000 pieces are all cached; the key only needs it to change with each save.
    """
    return events.annotate(piece_stamp=Cast("updated_at", output_field=CharField()))


def piece_key(links, facts):
    """The cache key of an event's piece, from its :data:`PIECE_FIELDS` values in order."""
    digest = hashlib.blake2b(
        repr((PIECE_FORMAT, links.base, *facts)).encode(), digest_size=16
    ).hexdigest()
    return f"feeds:piece:{facts[0]}:{digest}"


class PageFields:
    """A page as a few of its fields, read with ``values()`` rather than made into a page.

    :class:`~events.feeds.links.Links` asks for a page's address once per parent page; that
    one address comes from the page itself.
    """

    def __init__(self, model, **fields):
        self.model = model
        self.__dict__.update(fields)

    def get_url(self, request=None):
        return self.model.objects.get(pk=self.pk).get_url(request)


class FeedEvent(PageFields):
    """An event as its piece is written from, by :func:`~events.feeds.ical.event_components`.

    Making 10,000 event pages is most of the time writing their feed from nothing takes, and
    a piece needs only fields and a few of the page's properties (:attr:`BORROWED`), borrowed
    as they are from the page model of the events (see :func:`feed_event_class`).
    """

    FIELDS = (
        *PIECE_FIELDS,
        *("updated_at", "title", "first_published_at", "summary", "body", "category", "status"),
        *("status_message", "start_date", "start_time", "end_date", "end_time", "repeat"),
        *("repeat_until", "repeat_count", "venue_name", "address", "postcode", "latitude"),
        *("longitude", "online_url", "booking_url", "uid", "sequence"),
    )
    BORROWED = ("all_day", "location_label", "point")

    @classmethod
    def load(cls, events):
        """(key facts, event) for each of ``events`` (a queryset of event pages), in one
        query; the key facts are their :data:`PIECE_FIELDS` values, in order."""
        model = events.model
        made = feed_event_class(model)
        organiser_model = model._meta.get_field("organiser").related_model
        organisers = {}
        for row in with_piece_facts(events).values(*cls.FIELDS):
            facts = tuple(row[name] for name in PIECE_FIELDS)
            organiser = {
                name.removeprefix("organiser__"): row.pop(name)
                for name in PIECE_FIELDS
                if name.startswith("organiser__")
            }
            organiser_id = row["organiser_id"]
            if organiser_id is not None and organiser_id not in organisers:
                organisers[organiser_id] = PageFields(organiser_model, pk=organiser_id, **organiser)
            yield facts, made(model, organiser=organisers.get(organiser_id), **row)


@functools.cache
def feed_event_class(model):
    """:class:`FeedEvent` with the properties it borrows from ``model``, the event page."""
    borrowed = {name: getattr(model, name) for name in FeedEvent.BORROWED}
    return type(FeedEvent.__name__, (FeedEvent,), borrowed)


@contextmanager
def collector_paused():
    """Python's cycle collector held off while thousands of pages are loaded and written.

    Each page is many small objects, and the collector would otherwise scan everything the
    process holds again and again while they are made (over a third of a cold build's
    time). Nothing written here is kept in a cycle, and the collector runs as usual after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pieces(model, pks, links):
    """Serialise the events (pages of ``model``) with these ids, cache each piece and return
    them by id.

    Events are loaded a few hundred at a time, with only the fields a piece is written
    from, their tags and their date changes: the queries stay short and memory stays small.
    """
    tag_model = model.tags.through
    change_model = model._meta.get_field("date_changes").related_model
    pieces = {}
    with collector_paused():
        for start in range(0, len(pks), RENDER_CHUNK):
            chunk = pks[start : start + RENDER_CHUNK]
            tags = defaultdict(list)
            for event_id, name in (
                tag_model.objects.filter(content_object_id__in=chunk)
                .order_by("tag__name")
                .values_list("content_object_id", "tag__name")
            ):
                tags[event_id].append(name)
            changes = defaultdict(list)
            for change in change_model.objects.filter(event_id__in=chunk):
                changes[change.event_id].append(change)
            cached = {}
            for facts, event in FeedEvent.load(model.objects.filter(pk__in=chunk)):
                key = piece_key(links, facts)
                piece = event_piece(event, links, tags[event.pk], changes[event.pk])
                pieces[event.pk] = cached[key] = piece
            cache_set_many(cached, PIECE_TIMEOUT)
        return pieces


def build_feed(event_filter, links, address):
    """The whole feed for a filter, from cached pieces where there are any."""
    events = event_filter.feed_events()
    rows = list(with_piece_facts(events).values_list(*PIECE_FIELDS))
    keys = [piece_key(links, row) for row in rows]
    found = cache_get_many(keys)
    missing = [row[0] for row, key in zip(rows, keys, strict=True) if key not in found]
    rendered = render_pieces(events.model, missing, links) if missing else {}
    pieces = [
        found[key] if key in found else rendered[row[0]]
        for row, key in zip(rows, keys, strict=True)
        if key in found or row[0] in rendered
    ]
    return join_calendar(calendar_header(address), pieces)


def _digest(*parts):
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def site_generation(site_id):
    """The cache key every cached feed of a site's event listing depends on."""
    return f"feeds:generation:site:{site_id}"


def organisation_generation(organisation_id):
    """The cache key every cached feed of one organisation's events depends on."""
    return f"feeds:generation:organisation:{organisation_id}"


def generation_keys(event_filter):
    if event_filter.organiser is not None:
        return [organisation_generation(event_filter.organiser.pk)]
    return [site_generation(event_filter.site.pk if event_filter.site else None)]


def generations(keys):
    """The current value of each generation key, starting a new one where there is none.

    A generation that was dropped (or evicted) comes back as a new random value rather than
    a counter starting again, so no older cached feed can ever match it.
    """
    values = cache.get_many(keys)
    for key in keys:
        if key not in values:
            cache.add(key, uuid.uuid4().hex, None)
            # None when the shared cache does not answer: a generation of this request's
            # own, so the feed is built afresh rather than taken from a copy kept earlier.
            values[key] = cache.get(key) or uuid.uuid4().hex
    return [values[key] for key in keys]


def forget(keys):
    """Drop generations, so every cached feed that depends on them is built again."""
    cache.delete_many(list(keys))


@dataclass
class CalendarFile:
    """A calendar as served: the validators HTTP caching needs, and its text when asked.

    A cached feed's text stays in the caches under ``cache_key`` until it is needed (a 304
    needs none of it); ``build`` makes it again if the caches have let it go.
    """

    etag: str
    last_modified: datetime
    cache_key: str | None = None
    build: Callable[[], bytes] | None = None
    text: bytes | None = None

    def body(self):
        if self.text is None:
            self.text = self._stored("body", self.build)
        return self.text

    def gzipped(self):
        return self._stored("gzip", lambda: compress_string(self.body()))

    def _stored(self, name, make):
        if self.cache_key is None:
            return make()
        key = f"{self.cache_key}:{name}"
        value = cache_get_many([key]).get(key)
        if value is None:
            value = make()
            cache_set_many({key: value}, FEED_TIMEOUT)
        return value


def etag_of(body):
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _feed_key(identity, generation_keys, day):
    """The cache key of a feed: what it is, the day, and the generations it depends on."""
    return "feeds:feed:" + _digest(*identity, day, generations(generation_keys))


def _route_key(request):
    """The cache key that remembers which feed an address serves (see :func:`known_feed`)."""
    return "feeds:route:" + _digest(request.scheme, request.get_host(), request.get_full_path())


def event_feed(event_filter, links, address):
    """The feed of a filter, from the feed cache when an identical request built it today.

    Unless the filter depends on the Neighbour Day setting, the address it was asked at
    remembers which feed it is, so :func:`known_feed` can answer the next conditional
    request for it without finding the page and the filter again.
    """
    identity = (PIECE_FORMAT, links.base, address.url, event_filter.neighbour_day)
    depends_on = generation_keys(event_filter)
    key = _feed_key(identity, depends_on, timezone.localdate(event_filter.now))

    def build():
        return build_feed(event_filter, links, address)

    if links.request is not None and event_filter.neighbour_day is None:
        route_key = _route_key(links.request)
        if caches["process"].get(route_key) is None:
            cache_set_many({route_key: (identity, depends_on)}, FEED_TIMEOUT)
    meta = cache_get_many([key]).get(key)
    if meta is None:
        body = build()
        meta = {"etag": etag_of(body), "last_modified": event_filter.last_change()}
        cache_set_many({key: meta, f"{key}:body": body}, FEED_TIMEOUT)
        return CalendarFile(meta["etag"], meta["last_modified"], key, build, text=body)
    return CalendarFile(meta["etag"], meta["last_modified"], key, build)


def known_feed(request):
    """The feed served at this address before, if it is still the current one, else None.

    What a calendar app polls with ``If-None-Match`` can then be answered from the caches
    alone. A feed stops being current when a generation it depends on is dropped (a publish,
    an unpublish, a move, a view restriction, a change to its site or organisation) and at
    midnight; its text is not available this way (``build`` is None): only its validators.
    """
    route_key = _route_key(request)
    route = cache_get_many([route_key]).get(route_key)
    if route is None:
        return None
    identity, depends_on = route
    key = _feed_key(identity, depends_on, timezone.localdate())
    meta = cache_get_many([key]).get(key)
    if meta is None:
        return None
    return CalendarFile(meta["etag"], meta["last_modified"], key)


def event_file(event, links):
    """One event (a whole series) as a file to import: it is small, so it is not cached."""
    body = join_calendar(
        calendar_header(),
        [event_piece(event, links, transparent=False)],
    )
    return CalendarFile(etag_of(body), event.updated_at, text=body)
