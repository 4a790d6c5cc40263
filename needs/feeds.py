"""The iCalendar feed of dated needs (``/volunteer/opportunities/feed.ics``).

Written with the events' feed code (:mod:`events.feeds`): the same calendar header and
Europe/London time zone, the same writer and folding, served by the same response (validators,
304s, gzip, CORS). A need is one VEVENT; a weekly or fortnightly one is a series (RRULE) to
its last date. Flexible needs have no date and are not in the feed. The needs come from
:class:`needs.filters.NeedFilter`, as on the listing page.
"""

import datetime
import uuid
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from icalendar import vRecur

from events.feeds import FeedAddress, Links, calendar_header, write_component
from events.feeds.caching import CalendarFile, etag_of
from events.feeds.ical import join_calendar
from events.feeds.plain_text import clean_text
from events.recurrence import LONDON

from .choices import REPEAT_DAYS

# The UIDs of needs' VEVENTs: stable, and never the same as an event's.
UID_NAMESPACE = uuid.UUID("0b7f3b53-5f0e-4b8e-9d43-8d2f5a2f6c11")


def _at(day, time):
    return datetime.datetime.combine(day, time or datetime.time(0), tzinfo=LONDON)


def need_component(need, links):
    """One need's VEVENT, as (property, value) pairs for ``write_component``."""
    url = links.absolute(reverse("needs:detail", args=[need.uuid]))
    dates = need.dates()
    start = _at(dates[0], need.start_time)
    end = _at(dates[0], need.end_time) if need.end_time else start + datetime.timedelta(hours=1)
    stamp = need.updated_at.astimezone(UTC)
    summary = f"{'Emergency: ' if need.emergency else ''}{need.title}"
    description = (
        f"{need.get_kind_display()} needed by {need.organisation.title}.\n\n"
        f"{need.description}\n\nTo help, see {url}"
    )
    pairs = [
        ("UID", str(uuid.uuid5(UID_NAMESPACE, str(need.uuid)))),
        ("DTSTAMP", stamp),
        ("LAST-MODIFIED", stamp),
        ("URL", url),
        ("DESCRIPTION", clean_text(description)),
        ("CLASS", "PUBLIC"),
        ("CATEGORIES", [clean_text(need.get_kind_display())]),
        ("DTSTART", start),
        ("DTEND", end),
        ("SUMMARY", clean_text(summary)),
        ("STATUS", "CONFIRMED"),
        ("TRANSP", "TRANSPARENT"),
    ]
    where = "Online" if need.online else need.postcode
    if where:
        pairs.append(("LOCATION", where))
    if need.point and not need.online:
        pairs.append(("GEO", (round(need.latitude, 6), round(need.longitude, 6))))
    if need.timing in REPEAT_DAYS and len(dates) > 1:
        rule = {"FREQ": "WEEKLY", "INTERVAL": REPEAT_DAYS[need.timing] // 7}
        rule["UNTIL"] = _at(dates[-1], need.start_time).astimezone(UTC)
        pairs.append(("RRULE", vRecur(rule)))
    return pairs


def needs_calendar(request, need_filter):
    """The feed of the filter's dated needs, as a ``CalendarFile`` to serve."""
    links = Links(request)
    query = need_filter.querystring(page=None)
    page_url = links.absolute(reverse("needs:list")) + (f"?{query}" if query else "")
    site = need_filter.site
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    description = need_filter.description()
    address = FeedAddress(
        name=f"{site_name}: {description[0].lower()}{description[1:]}",
        description=f"{description} from {site_name}, with a date. On the web: {page_url}",
        url=links.absolute(reverse("needs:feed")) + (f"?{query}" if query else ""),
        page_url=page_url,
    )
    needs = list(need_filter.dated())
    body = join_calendar(
        calendar_header(address),
        [write_component(need_component(need, links)) for need in needs],
    )
    last_modified = max(
        (need.updated_at for need in needs),
        default=datetime.datetime(2000, 1, 1, tzinfo=UTC),
    )
    return CalendarFile(etag_of(body), last_modified, text=body)
