"""schema.org ``Event`` data, so search engines list events with their real status."""

import json
from datetime import timedelta

from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from hub.addresses import absolute

from .choices import Status

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
    Status.MOVED_ONLINE: "EventMovedOnline",
}
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def event_json_ld(event, occurrence, request=None):
    """The data for one event page; ``occurrence`` is the next one (or the last, once past).
    Addresses are at the public address of the Site serving ``request``."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": absolute(event.get_url(request), request),
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
            "url": absolute(event.organiser.get_url(request), request),
        }
    if event.image:
        data["image"] = [absolute(event.image.get_rendition("fill-1200x675").url, request)]
    if event.is_free:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "GBP"}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
