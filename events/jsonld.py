"""schema.org ``Event`` data, so search engines list events with their real status."""

import json
from datetime import timedelta

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from .choices import Status

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
    Status.MOVED_ONLINE: "EventMovedOnline",
}
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(url):
    return url if "://" in url else settings.SITE_URL + url


def event_json_ld(event, occurrence):
    """The data for one event page; ``occurrence`` is the next one (or the last, once past)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": absolute(event.url or ""),
        "eventStatus": SCHEMA + EVENT_STATUS[event.status],
        "isAccessibleForFree": event.is_free,
    }
    if occurrence:
        start, end = localtime(occurrence.start), localtime(occurrence.end)
        if occurrence.all_day:
            data["startDate"] = start.date().isoformat()
            data["endDate"] = (end - timedelta(days=1)).date().isoformat()
        else:
            data["startDate"] = start.isoformat()
            data["endDate"] = end.isoformat()
    physical = None
    if event.postcode and event.status != Status.MOVED_ONLINE:
        physical = {
            "@type": "Place",
            "name": event.venue_name or event.postcode,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address.replace("\n", ", "),
                "postalCode": event.postcode,
                "addressCountry": "GB",
            },
        }
        if event.point:
            physical["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": round(event.latitude, 6),
                "longitude": round(event.longitude, 6),
            }
    virtual = {"@type": "VirtualLocation", "url": event.online_url} if event.online_url else None
    locations = [place for place in (physical, virtual) if place]
    if physical and virtual:
        mode = "MixedEventAttendanceMode"
    elif virtual:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    data["eventAttendanceMode"] = SCHEMA + mode
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.organiser:
        data["organizer"] = {
            "@type": "Organization",
            "name": event.organiser.title,
            "url": absolute(event.organiser.url or ""),
        }
    if event.image:
        data["image"] = [absolute(event.image.get_rendition("fill-1200x675").url)]
    if event.is_free:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "GBP"}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
