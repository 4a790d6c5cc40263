"""How the events' pages answer: the listing, the calendar feeds and files, and polls.

The page types' routes (:mod:`events.models`) call these; each builds the one
:class:`~events.filters.EventFilter` from the request and renders what it gives.
"""

import re
from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from hub.filters import page_number, paginate

from . import feeds
from .filters import EventFilter

PAGE_SIZE = 20
EVERY_DATE = "dates"  # ?view=dates: the day-by-day listing
CALENDAR_TYPE = "text/calendar; charset=utf-8"
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def event_listing(request, index_page, past=False):
    """Each event once, at its first matching date (a series says how often it happens), or
    with ``?view=dates`` every matching date of every event."""
    event_filter = EventFilter.for_request(request, past=past)
    every_date = request.GET.get("view") == EVERY_DATE
    if every_date:
        page = paginate(event_filter.occurrences(), request, PAGE_SIZE)
        occurrences = list(page.object_list)
        date_count = page.paginator.count
    else:
        counts = event_filter.counts()
        paginator = Paginator(event_filter.first_dates(), PAGE_SIZE)
        paginator.count = counts["events"]  # counted with the dates, in the same query
        page = paginator.get_page(page_number(request))
        occurrences = event_filter.occurrences_at(list(page.object_list))
        date_count = counts["dates"]
    for occurrence in occurrences:
        occurrence.distance = event_filter.distances.get(occurrence.event_id)
    days = [
        (day, list(items))
        for day, items in groupby(occurrences, key=lambda o: timezone.localdate(o.start))
    ]
    context = index_page.get_context(request)
    context.update(
        {
            "filter": event_filter,
            "form": event_filter.form,
            "page_obj": page,
            "days": days,
            "past": past,
            "every_date": every_date,
            "date_count": date_count,
            "grouped_querystring": event_filter.querystring(),
            "querystring": event_filter.querystring(view=EVERY_DATE if every_date else None),
            "feed": feeds.feed_address(request, index_page, event_filter),
        }
    )
    return event_filter.limited(TemplateResponse(request, "events/event_index_page.html", context))


def event_feed(request, page, organiser=None):
    """The calendar feed of a listing page: ``page`` serves it, ``organiser`` narrows it.

    Invalid parameters get a 400 with the reasons on one line of plain text, which calendar
    apps show to the person subscribing; an empty feed would look like "no events" instead.
    """
    event_filter = EventFilter.for_request(request, feed=True, organiser=organiser)
    if event_filter.errors:
        response = HttpResponseBadRequest(
            " ".join(event_filter.errors).replace("\n", " "),
            content_type="text/plain; charset=utf-8",
        )
        return allow_any_origin(event_filter.limited(response))
    address = feeds.feed_address(request, page, event_filter)
    calendar = feeds.event_feed(event_filter, feeds.Links(request), address)
    return calendar_response(request, calendar, "events.ics", attachment=False)


def event_calendar_file(request, event):
    calendar = feeds.event_file(event, feeds.Links(request))
    return calendar_response(request, calendar, f"{event.slug}.ics", attachment=True)


def calendar_response(request, calendar, filename, attachment):
    """Serve a calendar as feed readers expect: validators, 304s, gzip and CORS.

    The ETag is a hash of the body itself, because a feed changes with the clock as well as
    with edits. Gzipped copies share it as a weak ETag, as Django's GZipMiddleware does.
    """
    response = _with_validators(HttpResponse(content_type=CALENDAR_TYPE), calendar)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    not_modified = _not_modified(request, calendar, response)
    if not_modified is not None:
        return not_modified
    if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        body = calendar.gzipped()
        response["Content-Encoding"] = "gzip"
        response["ETag"] = f'W/"{calendar.etag}"'
    else:
        body = calendar.body()
    response.content = body
    # The length of the body itself: response.content would join a copy of megabytes.
    response["Content-Length"] = str(len(body))
    return allow_any_origin(response)


def _with_validators(response, calendar):
    response["ETag"] = f'"{calendar.etag}"'
    response["Last-Modified"] = http_date(calendar.last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={feeds.MAX_AGE}"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def not_modified(request, calendar):
    """The 304 for a request whose validators match ``calendar``, or None."""
    return _not_modified(
        request, calendar, _with_validators(HttpResponse(content_type=CALENDAR_TYPE), calendar)
    )


def _not_modified(request, calendar, response):
    """The 304 for a request whose validators match ``calendar``, or None."""
    conditional = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=int(calendar.last_modified.timestamp()),
        response=response,
    )
    return None if conditional is response else allow_any_origin(conditional)


def allow_any_origin(response):
    """Calendar widgets on other sites may read feeds, their validators and their errors."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response
