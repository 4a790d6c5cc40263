"""Add-to-calendar links of an event page: the .ics file, and Google Calendar and Outlook web
links for its next date."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.http import urlencode

from ..choices import Status
from ..recurrence import LONDON
from .ical import TITLE_PREFIX, TZID, location_text
from .links import Links
from .plain_text import clean_text

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
    location = clean_text(location_text(event))
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
