"""The public needs: ``/volunteer/opportunities/``, a page per need, and their calendar.

Each view builds the one :class:`needs.filters.NeedFilter` from the request and renders what
it gives. Only open needs of live, public organisations are shown; a need that has closed
(or filled) answers 410 Gone with others like it. Nothing personal is on these pages: a need
is what an organisation published.
"""

from types import SimpleNamespace

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from wagtail.models import Site

from events.views import allow_any_origin, calendar_response
from partners.filters import listing_context

from .choices import NeedStatus
from .feeds import needs_calendar
from .filters import NeedFilter
from .models import Need

LIST_TITLE = "Volunteering opportunities"
LIST_DESCRIPTION = (
    "What local charities, faith groups and community groups need now: volunteers, venues, "
    "food, equipment, transport and skills. Search by place, day and skill."
)


def heading(title, description, seo_title=""):
    """What the base template reads from ``page`` for the title and the description meta
    tags, for these pages that are not Wagtail pages."""
    return SimpleNamespace(
        title=title, seo_title=seo_title, search_description=description, depth=0, url_path=""
    )


def need_list(request):
    need_filter = NeedFilter.for_request(request)
    context = listing_context(request, need_filter)
    context["feed_query"] = need_filter.querystring(page=None)
    context["page"] = heading(LIST_TITLE, LIST_DESCRIPTION)
    response = TemplateResponse(request, "needs/public/list.html", context)
    return need_filter.limited(response)


def need_detail(request, uuid):
    site = Site.find_for_request(request)
    organisations = Need._meta.get_field("organisation").related_model.objects.live().public()
    if site is not None:
        organisations = organisations.in_site(site)
    need = get_object_or_404(
        Need.objects.filter(organisation__in=organisations.values("pk"))
        .select_related("organisation", "project", "event")
        .prefetch_related("required_checks"),
        uuid=uuid,
    )
    status = need.current_status()
    where = "online" if need.online else f"in {need.postcode.split()[0]}" if need.postcode else ""
    context = {
        "need": need,
        "status": status,
        "checks": need.required_checks.all(),
        "page": heading(
            need.title,
            Truncator(" ".join(need.description.split())).chars(155),
            seo_title=f"{need.title}: {need.get_kind_display().lower()} needed {where} by "
            f"{need.organisation.title}".replace("  ", " "),
        ),
    }
    if status != NeedStatus.OPEN:
        context["similar"] = (
            Need.objects.public(site)
            .filter(kind=need.kind)
            .exclude(pk=need.pk)
            .select_related("organisation")
            .order_by("last_day", "pk")[:3]
        )
        return TemplateResponse(request, "needs/public/gone.html", context, status=410)
    return TemplateResponse(request, "needs/public/detail.html", context)


def need_feed(request):
    """The calendar of the dated needs the listing's filter selects; a 400 with the reasons
    for invalid parameters (an empty feed would look like "nothing needed")."""
    need_filter = NeedFilter.for_request(request)
    if need_filter.errors:
        response = HttpResponseBadRequest(
            " ".join(need_filter.errors).replace("\n", " "),
            content_type="text/plain; charset=utf-8",
        )
        return allow_any_origin(need_filter.limited(response))
    return calendar_response(
        request, needs_calendar(request, need_filter), "opportunities.ics", attachment=False
    )
