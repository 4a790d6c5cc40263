"""Writing iCalendar text (RFC 5545, RFC 7986): each event's VEVENTs as property and value
pairs, written and folded byte for byte as icalendar writes them, and a calendar's header."""

import uuid
from datetime import UTC, date, datetime, timedelta

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

from .. import recurrence
from ..choices import Category, DateChange, Status
from ..recurrence import LONDON
from .plain_text import clean_text, event_description

PRODID = "-//Neighbour Day Hub//Event feeds//EN"
TZID = "Europe/London"
# How often calendar apps are asked to fetch a feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH_INTERVAL = timedelta(hours=1)
# Change this when the text of a VEVENT changes shape, so no cached piece outlives its format.
PIECE_FORMAT = 1
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


def _local(value, all_day):
    """A DTSTART-like value: a date for all-day events, else a Europe/London datetime."""
    return value.astimezone(LONDON).date() if all_day else value.astimezone(LONDON)


def location_text(event):
    """Where the event is, in words: its place, or its online link once it moved online."""
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
    location = clean_text(location_text(event))
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
