"""iCalendar feeds (RFC 5545 and RFC 7986) of every event listing, and single-event files.

A feed is three runs of text joined together: the calendar header with its Europe/London
``VTIMEZONE``; one piece per event (its ``VEVENT``, plus an override ``VEVENT`` for each moved or
cancelled date of a series); and ``END:VCALENDAR``. A piece depends only on the event as it was
last saved and the address of the site, so it is cached under a key made of exactly those
facts, and a feed for a filter nobody has asked for before costs one query and a join. Whole
feeds are cached as well, under a generation per site and per organisation that
:mod:`events.signals` (and, for organisations, :mod:`partners.signals`) drops when an event
they could hold is published, unpublished, moved or deleted.

The events a feed carries always come from :class:`events.filters.EventFilter`; nothing here
decides which events match. One module per concern:

* :mod:`.plain_text`: user and rich text as calendar text, and each event's description;
* :mod:`.ical`: writing iCalendar text (the VEVENTs of an event, a calendar's header);
* :mod:`.links`: absolute addresses, and how a page names its feed;
* :mod:`.caching`: feeds built from cached pieces, their caches, and polls answered from them;
* :mod:`.add_to_calendar`: an event page's add-to-calendar links.
"""

from .add_to_calendar import AddToCalendar, add_to_calendar
from .caching import (
    MAX_AGE,
    CalendarFile,
    event_feed,
    event_file,
    forget,
    known_feed,
    organisation_generation,
    site_generation,
)
from .ical import (
    END_OF_CALENDAR,
    LONDON_VTIMEZONE,
    calendar_header,
    event_components,
    write_component,
)
from .links import FeedAddress, Links, feed_address, webcal

__all__ = [
    "END_OF_CALENDAR",
    "LONDON_VTIMEZONE",
    "MAX_AGE",
    "AddToCalendar",
    "CalendarFile",
    "FeedAddress",
    "Links",
    "add_to_calendar",
    "calendar_header",
    "event_components",
    "event_feed",
    "event_file",
    "feed_address",
    "forget",
    "known_feed",
    "organisation_generation",
    "site_generation",
    "webcal",
    "write_component",
]
