from itertools import groupby

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Site

from home.models import HubSettings
from hub.places import client_address, refuse_for_a_minute

from .filters import EventFilter

PAGE_SIZE = 20


def event_filter_for(request, **kwargs):
    """The listing filter for this request, with the site and its next Neighbour Day."""
    settings = HubSettings.for_request(request)
    return EventFilter(
        request.GET,
        site=Site.find_for_request(request),
        neighbour_day=settings.next_neighbour_day(),
        client=client_address(request),
        **kwargs,
    )


def page_number(request):
    """The requested page number, or 1 for anything that is not a positive number."""
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


def event_listing(request, index_page, past=False):
    event_filter = event_filter_for(request, past=past)
    paginator = Paginator(event_filter.occurrences(), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    occurrences = list(page.object_list)
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
            "querystring": event_filter.querystring(),
        }
    )
    response = TemplateResponse(request, "events/event_index_page.html", context)
    return refuse_for_a_minute(response) if event_filter.rate_limited else response
