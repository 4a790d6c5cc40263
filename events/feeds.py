"""iCalendar feeds (RFC 5545 and RFC 7986) of every event listing, and single-event files.

A feed is three runs of text joined together: the calendar header with its Europe/London
``VTIMEZONE``; one piece per event (its ``VEVENT``, plus an override ``VEVENT`` for each moved or
cancelled date of a series); and ``END:VCALENDAR``. A piece depends only on the event as it was
last saved and the address of the site, so it is cached under a key made of exactly those
facts (:func:`piece_key`), and a feed for a filter nobody has asked for before costs one query
and a join. Whole feeds are cached as well, under a generation per site and per organisation
that :mod:`events.signals` drops when an event they could hold is published, unpublished, moved
or deleted.

The events a feed carries always come from :class:`events.filters.EventFilter`; nothing here
decides which events match.
"""

import gc
import hashlib
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import compress_string
from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDDDLists,
    vDuration,
    vRecur,
    vText,
    vUri,
)
from wagtail.rich_text import expand_db_html

from hub.addresses import base_url
from partners.models import OrganisationPage

from . import recurrence
from .choices import Category, DateChange, Status
from .models import EventDateChange, EventPage, EventPageTag
from .recurrence import LONDON

PRODID = "-//Neighbour Day Hub//Event feeds//EN"
TZID = "Europe/London"
# How often calendar apps are asked to fetch a feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH_INTERVAL = timedelta(hours=1)
# How long browsers and proxies may keep a copy without asking (Cache-Control max-age).
MAX_AGE = 600
# Google Calendar drops a subscribed feed over about 1 MB: a description longer than this is
# cut, with the event's address after it, so 1,000 events stay well under that.
DESCRIPTION_MAX_CHARS = 300
# Cached feeds and pieces live this long at most; the feed key changes every day anyway.
FEED_TIMEOUT = 24 * 60 * 60
PIECE_TIMEOUT = 30 * 24 * 60 * 60
# Change this when the text of a VEVENT changes shape, so no cached piece outlives its format.
PIECE_FORMAT = 1
# How many events are loaded and serialised at a time when their pieces are not cached.
RENDER_CHUNK = 500
# A namespace for the calendar UIDs of feeds (RFC 7986 UID: stable, no host name in it).
FEED_UID_NAMESPACE = uuid.UUID("6f1b6f1e-4f39-4a47-9d3c-2f1ef0b1c6a5")

STATUS = {
    Status.SCHEDULED: "CONFIRMED",
    Status.MOVED_ONLINE: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}
TITLE_PREFIX = {
    Status.CANCELLED: "Cancelled: ",
    Status.POSTPONED: "Postponed: ",
    Status.MOVED_ONLINE: "Moved online: ",
}
CATEGORY_LABELS = {category.value: str(category.label) for category in Category}
END_OF_CALENDAR = b"END:VCALENDAR\r\n"
FOLD_AT = 75  # octets: RFC 5545 lines are folded to at most 75, and icalendar folds at this

# Control characters other than tab and newline make strict parsers reject a whole feed; lone
# surrogates cannot be written as UTF-8 at all.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def clean_text(text):
    """User text as iCalendar can carry it: newlines as ``\\n``, no control characters."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _UNWRITABLE.sub("", text)


# --- addresses -----------------------------------------------------------------------------


class Links:
    """Absolute addresses, at the public address of the Site serving the request (or of the
    default Site): see ``hub.addresses``."""

    def __init__(self, request=None):
        self.request = request
        self.base = base_url(request)
        # The address of each parent page's children, up to their slug: a feed names
        # thousands of events that share a few parents, and Wagtail's routing is only asked
        # once per parent.
        self._children = {}

    def absolute(self, url):
        """A site path made absolute; addresses with a scheme (https:, mailto:, tel:) kept."""
        if not url or _SCHEME.match(url):
            return url or ""
        return self.base + ("" if url.startswith("/") else "/") + url

    def page(self, page, route=None, query=""):
        """A page's address, or one of its calendar routes (which are served without the
        trailing slash Wagtail's router adds to every route: see ``hub/urls.py``)."""
        url = self._page_url(page)
        if route:
            url += page.reverse_subpage(route).removesuffix("/")
        return self.absolute(url) + (f"?{query}" if query else "")

    def _page_url(self, page):
        parent, _, slug = page.url_path.rstrip("/").rpartition("/")
        tail = page.url_path[len(parent) + 1 :]  # the slug and its trailing slash
        prefix = self._children.get(parent)
        if prefix is not None:
            return prefix + tail
        url = page.get_url(self.request) or ""
        if url.endswith(tail) and slug:
            self._children[parent] = url[: -len(tail)]
        return url


def webcal(url):
    """The ``webcal://`` form of a feed address, which calendar apps open as a subscription."""
    return re.sub(r"^https?://", "webcal://", url)


@dataclass(frozen=True)
class FeedAddress:
    """What a page needs to name a feed: its title, what it holds and its addresses."""

    name: str
    description: str
    url: str
    page_url: str

    @property
    def webcal_url(self):
        return webcal(self.url)


def feed_address(request, page, event_filter):
    """The feed of a listing page (an events index or an organisation) with its filters kept."""
    links = Links(request)
    query = event_filter.querystring(page=None)
    description = event_filter.description()
    site = event_filter.site
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    return FeedAddress(
        name=f"{site_name}: {description[0].lower()}{description[1:]}",
        description=(
            f"{description} from {site_name}: the last 30 days and the next 12 months, kept up "
            f"to date as organisers change them. On the web: {links.page(page, query=query)}"
        ),
        url=links.page(page, "feed", query),
        page_url=links.page(page, query=query),
    )


# --- plain text ----------------------------------------------------------------------------


class _PlainText(HTMLParser):
    """Rich text as readable plain text: paragraphs kept, links written out as "text (url)"."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "ul", "ol", "li"}
    LINE_BREAK = "\x00"  # stands for <br> until the block is written; data never holds it

    def __init__(self, absolute):
        super().__init__(convert_charrefs=True)
        self.absolute = absolute
        self.blocks = []  # (text, is_list_item)
        self.words = []
        self.links = []  # (href, where its text starts in self.words)
        self.lists = []  # item counters; None for a bulleted list

    def flush(self, item=False):
        lines = "".join(self.words).split(self.LINE_BREAK)
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip()
        self.words = []
        if text:
            self.blocks.append((text, item))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self.words.append(self.LINE_BREAK)
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append(0 if tag == "ol" else None)
        elif tag == "li":
            self.flush(item=True)
            if self.lists and self.lists[-1] is not None:
                self.lists[-1] += 1
                self.words.append(f"{self.lists[-1]}. ")
            else:
                self.words.append("- ")
        elif tag in self.BLOCKS:
            self.flush()
        elif tag == "a":
            self.links.append((attrs.get("href") or "", len(self.words)))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.words[start:]).strip()
            url = self.absolute(href)
            shown = url.removeprefix("mailto:").removeprefix("tel:")
            if url and shown != text:
                self.words.append(f" ({shown})")
        elif tag in ("ul", "ol"):
            self.flush(item=True)
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self.flush(item=True)
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        self.words.append(clean_text(data))

    def text(self):
        self.close()
        self.flush()
        out = []
        for index, (text, item) in enumerate(self.blocks):
            if index:
                out.append("\n" if item and self.blocks[index - 1][1] else "\n\n")
            out.append(text)
        return "".join(out)


def html_to_text(html, absolute):
    parser = _PlainText(absolute)
    parser.feed(html)
    return parser.text()


def body_to_text(body, absolute):
    """An event's StreamField body as plain text (images left out, buttons as links)."""
    blocks = []
    for index, raw in enumerate(body.raw_data):
        kind = raw["type"]
        if kind == "heading":
            blocks.append(str(raw["value"]).strip())
        elif kind == "paragraph":
            blocks.append(html_to_text(expand_db_html(raw["value"]), absolute))
        elif kind == "quote":
            value = raw["value"]
            quote = f"“{str(value.get('text', '')).strip()}”"
            if value.get("attribution"):
                quote += f" ({value['attribution']})"
            blocks.append(quote)
        elif kind == "button":
            value = body[index].value
            page = value.get("page")
            url = absolute(page.url if page else value.get("url") or "")
            blocks.append(f"{value.get('label', '')} ({url})" if url else value.get("label", ""))
    return "\n\n".join(block for block in blocks if block)


def shorten(text, limit=DESCRIPTION_MAX_CHARS):
    """Text cut at a word boundary to at most ``limit`` characters, marked where it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…", True


def event_description(event, url, absolute):
    """The DESCRIPTION: status, summary and body as plain text, then links, then the page."""
    parts = []
    if event.status != Status.SCHEDULED:
        notice = f"This event is {Status(event.status).label.lower()}."
        parts.append(f"{notice} {event.status_message}".strip())
    parts += [event.summary.strip(), body_to_text(event.body, absolute)]
    text, cut = shorten(clean_text("\n\n".join(part for part in parts if part)))
    extra = []
    if event.online_url:
        extra.append(f"Online: {event.online_url}")
    if event.booking_url:
        extra.append(f"Booking: {event.booking_url}")
    extra.append(f"{'Read the rest' if cut else 'More details'}: {url}")
    return clean_text(text + "\n\n" + "\n".join(extra))


# --- VTIMEZONE -----------------------------------------------------------------------------


def london_vtimezone():
    """Europe/London as two yearly rules (as Google exports it), not a list of dates.

    icalendar's ``add_missing_timezones()`` writes a long list of past transitions with the
    spring ones an hour late; this one is tested against ``zoneinfo`` around every change.
    """
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    for part, name, offset_from, offset_to, start, month in (
        (TimezoneDaylight, "BST", 0, 1, datetime(1970, 3, 29, 1, 0), 3),
        (TimezoneStandard, "GMT", 1, 0, datetime(1970, 10, 25, 2, 0), 10),
    ):
        rule = part()
        rule.add("tzname", name)
        rule.add("tzoffsetfrom", timedelta(hours=offset_from))
        rule.add("tzoffsetto", timedelta(hours=offset_to))
        rule.add("dtstart", start)
        rule.add("rrule", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
        zone.add_component(rule)
    return zone


LONDON_VTIMEZONE = london_vtimezone()


# --- VEVENT --------------------------------------------------------------------------------


def _local(value, all_day):
    """A DTSTART-like value: a date for all-day events, else a Europe/London datetime."""
    return value.astimezone(LONDON).date() if all_day else value.astimezone(LONDON)


def _location(event):
    if event.status == Status.MOVED_ONLINE or not event.location_label:
        return f"Online: {event.online_url}" if event.online_url else ""
    return event.location_label


def event_components(event, links, *, tags=None, changes=None, transparent=True):
    """The VEVENTs of one event: the event or series, then an override per changed date.

    Each VEVENT is a list of ``(property, value)`` pairs, in the order they are written, with
    the values that icalendar's ``Component.add()`` takes: text as ``str``, ``int``, ``date``,
    aware ``datetime``, ``CATEGORIES`` as a list, ``GEO`` as a pair, and the rarer types
    (``ORGANIZER``, ``RRULE``, ``EXDATE``) as icalendar values. :func:`write_component` writes
    them; the tests check its bytes against icalendar's own for the same pairs.

    ``tags`` and ``changes`` (its date changes) let a caller that loaded them for many
    events at once pass them in.
    ``transparent`` marks the time as free (right for a subscribed feed of things one might go
    to); a single event someone adds to their own calendar shows them as busy.
    """
    url = links.page(event)
    if tags is None:
        tags = [tag.name for tag in event.tags.all()]
    title = clean_text(event.title)
    stamp = event.updated_at.astimezone(UTC)
    common = [
        ("UID", str(event.uid)),
        ("DTSTAMP", stamp),
        ("LAST-MODIFIED", stamp),
        ("SEQUENCE", event.sequence),
        ("URL", url),
        ("DESCRIPTION", event_description(event, url, links.absolute)),
        ("CLASS", "PUBLIC"),
        ("CATEGORIES", [CATEGORY_LABELS[event.category], *map(clean_text, tags)]),
    ]
    if event.first_published_at:
        common.append(("CREATED", event.first_published_at.astimezone(UTC)))
    location = clean_text(_location(event))
    if location:
        common.append(("LOCATION", location))
    if event.point and event.status != Status.MOVED_ONLINE:
        common.append(("GEO", (round(event.latitude, 6), round(event.longitude, 6))))
    organiser = event.organiser
    if organiser is not None and organiser.live:
        address = vCalAddress(links.page(organiser))
        address.params["CN"] = clean_text(organiser.title)
        common.append(("ORGANIZER", address))

    def component(cancelled, start, end, *extra):
        status = Status.CANCELLED if cancelled else event.status
        busy = not (transparent or cancelled or event.all_day)
        return [
            *common,
            ("DTSTART", _local(start, event.all_day)),
            ("DTEND", _local(end, event.all_day)),
            ("SUMMARY", TITLE_PREFIX.get(status, "") + title),
            ("STATUS", STATUS[status]),
            ("TRANSP", "OPAQUE" if busy else "TRANSPARENT"),
            *extra,
        ]

    if not event.repeat:
        return [
            component(slot.cancelled, slot.start, slot.end)
            for slot in recurrence.expand(event, changes)
        ]

    days, changes = recurrence.series(event, changes)
    span = recurrence.span_days(event)

    def slot(day):
        return recurrence.slot_for(day, event.start_time, event.end_time, span, event.all_day)

    rule = recurrence.rrule_parts(event.repeat, event.start_date)
    last_start, _ = slot(days[-1])
    rule["UNTIL"] = days[-1] if event.all_day else last_start.astimezone(UTC)
    series = [("RRULE", vRecur(rule))]
    skipped = sorted(day for day, change in changes.items() if change.change == DateChange.SKIPPED)
    if skipped:
        dates = [_local(slot(day)[0], event.all_day) for day in skipped]
        series.append(("EXDATE", vDDDLists(dates)))
    master = component(False, *slot(event.start_date), *series)
    overrides = []
    for day in sorted(changes):
        change = changes[day]
        start, end = slot(day)
        recurrence_id = ("RECURRENCE-ID", _local(start, event.all_day))
        if change.change == DateChange.MOVED:
            moved = recurrence.moved_slot(event, change, start, end)
            overrides.append(component(False, *moved, recurrence_id))
        elif change.change == DateChange.CANCELLED:
            overrides.append(component(True, start, end, recurrence_id))
    return [master, *overrides]


# Properties whose text is an address, written as it is rather than escaped as TEXT.
URI_PROPERTIES = {"URL"}


def escape_text(text):
    """A TEXT value as RFC 5545 §3.3.11 writes it (the same as icalendar's vText)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def content_line(name, value):
    """One property as an unfolded content line, as icalendar writes it.

    Plain Python values take the short way; icalendar values (some of which are ``str``
    subclasses, like ``vCalAddress``) write themselves.
    """
    kind = type(value)
    if kind is str:
        return f"{name}:{value if name in URI_PROPERTIES else escape_text(value)}"
    if kind is datetime:
        if value.tzinfo is UTC:
            return f"{name}:{value:%Y%m%dT%H%M%S}Z"
        return f"{name};TZID={value.tzinfo.key}:{value:%Y%m%dT%H%M%S}"
    if kind is date:
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if kind is int:
        return f"{name}:{value}"
    if kind is list:
        return f"{name}:{','.join(map(escape_text, value))}"
    if kind is tuple:
        return f"{name}:{';'.join(map(str, value))}"
    parameters = value.params.to_ical().decode()
    return f"{name}{';' if parameters else ''}{parameters}:{value.to_ical().decode()}"


def fold(line):
    """A content line folded as icalendar folds it (RFC 5545 §3.1): at most 74 octets of
    UTF-8 and a leading space per physical line, never inside a UTF-8 sequence, and never
    just after a backslash or caret, so an escape stays on one line."""
    data = line.encode()
    limit = FOLD_AT - 1
    segments = []
    start = 0
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation octet: cut before its sequence
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        segments.append(data[start:cut])
        start = cut
    segments.append(data[start:])
    return b"\r\n ".join(segments).decode()


def write_component(properties, name="VEVENT"):
    """A component's ``(property, value)`` pairs as RFC 5545 text, CRLF line endings."""
    lines = [f"BEGIN:{name}"]
    for key, value in properties:
        line = content_line(key, value)
        # Most lines are short and plain ASCII: nothing to fold.
        lines.append(line if len(line) < FOLD_AT and line.isascii() else fold(line))
    lines.append(f"END:{name}\r\n")
    return "\r\n".join(lines).encode()


def event_piece(event, links, tags=None, changes=None, transparent=True):
    """The serialised VEVENTs of one event, ready to be joined into a calendar."""
    components = event_components(event, links, tags=tags, changes=changes, transparent=transparent)
    return b"".join(map(write_component, components))


# --- VCALENDAR -----------------------------------------------------------------------------


def calendar_header(feed=None):
    """The start of a VCALENDAR, up to and including its VTIMEZONE.

    ``feed`` (a :class:`FeedAddress`) makes it a subscription, with a name, a description,
    refresh hints and a stable UID; without it the calendar is a one-off file to import, and
    has no name (Outlook would otherwise open it as a separate calendar).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if feed is not None:
        # NAME and the X-WR- names as vText, so commas and semicolons are escaped.
        calendar.add("name", vText(clean_text(feed.name)))
        calendar.add("x-wr-calname", vText(clean_text(feed.name)))
        calendar.add("description", vText(clean_text(feed.description)))
        calendar.add("x-wr-caldesc", vText(clean_text(feed.description)))
        calendar.add("x-wr-timezone", TZID)
        calendar.add(
            "refresh-interval", vDuration(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"}
        )
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
        calendar.add("uid", str(uuid.uuid5(FEED_UID_NAMESPACE, feed.url.split("://", 1)[-1])))
        calendar.add("url", vUri(feed.page_url))
        calendar.add("source", vUri(feed.url), parameters={"VALUE": "URI"})
    calendar.add_component(LONDON_VTIMEZONE)
    text = calendar.to_ical()
    return text[: -len(END_OF_CALENDAR)]


def join_calendar(header, pieces):
    return b"".join([header, *pieces, END_OF_CALENDAR])


# --- feeds and their caches ----------------------------------------------------------------


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

    :class:`Links` asks for a page's address once per parent page; that one address comes
    from the page itself.
    """

    def __init__(self, model, **fields):
        self.model = model
        self.__dict__.update(fields)

    def get_url(self, request=None):
        return self.model.objects.get(pk=self.pk).get_url(request)


class FeedEvent(PageFields):
    """An event as its piece is written from, by :func:`event_components`.

    Making 10,000 event pages is most of the time writing their feed from nothing takes, and
    a piece needs only fields and a few of the page's properties, borrowed here as they are.
    """

    FIELDS = (
        *PIECE_FIELDS,
        *("updated_at", "title", "first_published_at", "summary", "body", "category", "status"),
        *("status_message", "start_date", "start_time", "end_date", "end_time", "repeat"),
        *("repeat_until", "repeat_count", "venue_name", "address", "postcode", "latitude"),
        *("longitude", "online_url", "booking_url", "uid", "sequence"),
    )
    all_day = EventPage.all_day
    location_label = EventPage.location_label
    point = EventPage.point

    @classmethod
    def load(cls, pks):
        """(key facts, event) for the events with these ids, in one query; the key facts
        are their :data:`PIECE_FIELDS` values, in order."""
        organisers = {}
        for row in with_piece_facts(EventPage.objects.filter(pk__in=pks)).values(*cls.FIELDS):
            facts = tuple(row[name] for name in PIECE_FIELDS)
            organiser = {
                name.removeprefix("organiser__"): row.pop(name)
                for name in PIECE_FIELDS
                if name.startswith("organiser__")
            }
            organiser_id = row["organiser_id"]
            if organiser_id is not None and organiser_id not in organisers:
                organisers[organiser_id] = PageFields(
                    OrganisationPage, pk=organiser_id, **organiser
                )
            yield facts, cls(EventPage, organiser=organisers.get(organiser_id), **row)


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


def render_pieces(pks, links):
    """Serialise the events with these ids, cache each piece and return them by id.

    Events are loaded a few hundred at a time, with only the fields a piece is written
    from: the queries stay short and memory stays small.
    """
    pieces = {}
    with collector_paused():
        for start in range(0, len(pks), RENDER_CHUNK):
            chunk = pks[start : start + RENDER_CHUNK]
            tags = defaultdict(list)
            for event_id, name in (
                EventPageTag.objects.filter(content_object_id__in=chunk)
                .order_by("tag__name")
                .values_list("content_object_id", "tag__name")
            ):
                tags[event_id].append(name)
            changes = defaultdict(list)
            for change in EventDateChange.objects.filter(event_id__in=chunk):
                changes[change.event_id].append(change)
            cached = {}
            for facts, event in FeedEvent.load(chunk):
                key = piece_key(links, facts)
                piece = event_piece(event, links, tags[event.pk], changes[event.pk])
                pieces[event.pk] = cached[key] = piece
            cache_set_many(cached, PIECE_TIMEOUT)
        return pieces


def build_feed(event_filter, links, address):
    """The whole feed for a filter, from cached pieces where there are any."""
    rows = list(with_piece_facts(event_filter.feed_events()).values_list(*PIECE_FIELDS))
    keys = [piece_key(links, row) for row in rows]
    found = cache_get_many(keys)
    missing = [row[0] for row, key in zip(rows, keys, strict=True) if key not in found]
    rendered = render_pieces(missing, links) if missing else {}
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
        meta = {"etag": etag_of(body), "last_modified": timezone.now()}
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


# --- "add to calendar" links ---------------------------------------------------------------

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/action/compose"
MICROSOFT_365 = "https://outlook.office.com/calendar/0/action/compose"


@dataclass(frozen=True)
class AddToCalendar:
    """Links that add an event to someone's calendar: a file, and web links for the next date.

    Google and Outlook's web links take one date, so for a series they add the next one and
    the .ics file carries the whole series.
    """

    file_url: str
    next_start: datetime | None = None
    all_day: bool = False
    google_url: str = ""
    outlook_url: str = ""
    microsoft_365_url: str = ""


def add_to_calendar(event, request, upcoming):
    """The links for an event page; ``upcoming`` are the occurrences the page lists."""
    links = Links(request)
    file_url = links.page(event, "calendar_file")
    occurrence = next((o for o in upcoming if not o.cancelled), None)
    if event.status == Status.CANCELLED or occurrence is None:
        return AddToCalendar(file_url)
    start, end = occurrence.start.astimezone(LONDON), occurrence.end.astimezone(LONDON)
    title = clean_text(TITLE_PREFIX.get(event.status, "") + event.title)
    details = clean_text(f"{event.summary}\n\n{links.page(event)}")
    location = clean_text(_location(event))
    if occurrence.all_day:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
        outlook_times = {"startdt": start.date().isoformat(), "enddt": end.date().isoformat()}
    else:
        dates = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
        outlook_times = {"startdt": start.isoformat(), "enddt": end.isoformat()}
    google = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": dates,
            "ctz": TZID,
            "details": details,
            "location": location,
        }
    )
    outlook = urlencode(
        {
            "rru": "addevent",
            "subject": title,
            **outlook_times,
            "allday": "true" if occurrence.all_day else "false",
            "body": details,
            "location": location,
        }
    )
    return AddToCalendar(
        file_url=file_url,
        next_start=start,
        all_day=occurrence.all_day,
        google_url=f"{GOOGLE_CALENDAR}?{google}",
        outlook_url=f"{OUTLOOK_COM}?{outlook}",
        microsoft_365_url=f"{MICROSOFT_365}?{outlook}",
    )
