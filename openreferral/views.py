"""The Open Referral UK API v3 (read-only, no key): ``/openreferral/``.

Every answer is JSON with ``Access-Control-Allow-Origin: *`` (the profile's openness rule), and,
like any anonymous public page, is kept by the page cache and marked for CDNs
(:mod:`hub.pagecache`): a publish anywhere drops it. A bad parameter is a 400 with
``{"error": "..."}``, an unknown id a 404, a visitor who used up their place look-ups a 429.
"""

import json
import math
from functools import cache, wraps
from pathlib import Path

from django.db.models import Prefetch
from django.http import JsonResponse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from hub import places
from partners.filters import OrganisationFilter
from partners.models import OrganisationPage, ProjectEvent
from partners.models.offers import offers_page_url

from . import ids
from .filters import DEFAULT_PER_PAGE, SearchForm, ServiceFilter, scheduled_events
from .serialise import Serialiser
from .taxonomy import (
    TAXONOMIES,
    TAXONOMIES_BY_ID,
    TERMS,
    TERMS_BY_ID,
    taxonomy_json,
    term_json,
)

SPEC = Path(__file__).resolve().parent / "spec"
PROFILE = "https://github.com/openreferral/uk-profile"
HSDS_VERSION = "3.0"


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message, status=400):
    return _json({"error": message}, status=status)


def api(view):
    """GET and HEAD only; the CORS header on every answer, errors included."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _page(items_total, number, per_page, contents):
    total_pages = math.ceil(items_total / per_page)
    return {
        "total_items": items_total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": items_total == 0,
        "contents": contents,
    }


def _serialiser(request):
    site = Site.find_for_request(request)
    return site, Serialiser(request, offers_page_url(site, request))


def _with_leads(projects):
    return projects.prefetch_related(
        Prefetch(
            "lead_organisations",
            queryset=OrganisationPage.objects.live().public().order_by("title", "pk"),
        )
    )


def _with_schedules(projects):
    return _with_leads(projects).prefetch_related(
        Prefetch(
            "related_events",
            queryset=ProjectEvent.objects.filter(event__in=scheduled_events())
            .select_related("event")
            .order_by("sort_order", "pk"),
            to_attr="scheduled_links",
        )
    )


def _service_filter(request):
    site = Site.find_for_request(request)
    service_filter = ServiceFilter(request.GET, site=site, client=places.client_address(request))
    if service_filter.rate_limited:
        return None, places.refuse_for_a_minute(_error(" ".join(service_filter.errors)))
    if service_filter.errors:
        return None, _error(" ".join(service_filter.errors))
    return service_filter, None


# --- the API ----------------------------------------------------------------------------------


@api
def index(request):
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE,
            "openapi_url": request.build_absolute_uri("openapi.json"),
        }
    )


@cache
def _openapi():
    return json.loads((SPEC / "openapi.json").read_text())


@api
def openapi(request):
    """The profile's API description, pointed at this server."""
    return _json({**_openapi(), "servers": [{"url": request.build_absolute_uri("./")[:-1]}]})


def _listing(request, item_for_offer, item_for_project):
    """One page of services (or services at locations), in name order or nearest first."""
    service_filter, refusal = _service_filter(request)
    if refusal:
        return refusal
    _, serialiser = _serialiser(request)
    number, per_page = service_filter.page_number, service_filter.per_page
    start, end = (number - 1) * per_page, number * per_page
    offers, projects = service_filter.offers(), service_filter.projects()
    if service_filter.point is not None:
        found = service_filter.nearest()
        total, chosen = len(found), found[start:end]
        offer_rows = offers.in_bulk([pk for kind, pk, _ in chosen if kind == "offer"])
        project_rows = _with_leads(projects).in_bulk(
            [pk for kind, pk, _ in chosen if kind == "project"]
        )
        contents = [
            item_for_offer(serialiser, offer_rows[pk])
            if kind == "offer"
            else item_for_project(serialiser, project_rows[pk])
            for kind, pk, _ in chosen
        ]
        return _json(_page(total, number, per_page, contents))
    project_count, offer_count = projects.count(), offers.count()
    contents = []
    if start < project_count:
        page_projects = _with_leads(projects.order_by("title", "pk"))[
            start : min(end, project_count)
        ]
        contents += [item_for_project(serialiser, project) for project in page_projects]
    if end > project_count:
        page_offers = offers.order_by("title", "pk")[
            max(start - project_count, 0) : end - project_count
        ]
        contents += [item_for_offer(serialiser, offer) for offer in page_offers]
    return _json(_page(project_count + offer_count, number, per_page, contents))


@api
def services(request):
    return _listing(request, Serialiser.offer_item, Serialiser.project_item)


@api
def service_at_locations(request):
    return _listing(request, Serialiser.offer_at_location, Serialiser.project_at_location)


@api
def service(request, service_id):
    site, serialiser = _serialiser(request)
    service_filter = ServiceFilter({}, site=site)
    offer_pk, project_pk = ids.read("offer", service_id), ids.read("project", service_id)
    if offer_pk is not None:
        offer = service_filter.offers().filter(pk=offer_pk).first()
        if offer is not None:
            return _json(serialiser.offer(offer))
    if project_pk is not None:
        project = _with_schedules(service_filter.projects()).filter(pk=project_pk).first()
        if project is not None:
            return _json(serialiser.project(project))
    return _error("There is no service with that id.", status=404)


def _search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        messages = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
        return None, _error(" ".join(messages))
    values = form.cleaned_data
    return (values["page"] or 1, values["per_page"] or DEFAULT_PER_PAGE, values["search"]), None


@api
def organizations(request):
    paging, refusal = _search(request)
    if refusal:
        return refusal
    number, per_page, words = paging
    site, serialiser = _serialiser(request)
    rows = OrganisationFilter({"q": words}, site=site).matching.order_by("title", "pk")
    total = rows.count()
    page = rows[(number - 1) * per_page : number * per_page]
    return _json(_page(total, number, per_page, [serialiser.organization_item(o) for o in page]))


@api
def organization(request, organization_id):
    site, serialiser = _serialiser(request)
    pk = ids.read("organisation", organization_id)
    organisation = OrganisationFilter({}, site=site).matching.filter(pk=pk).first() if pk else None
    if organisation is None:
        return _error("There is no organization with that id.", status=404)
    own = ServiceFilter({"organization_id": organization_id}, site=site)
    projects = _with_schedules(own.projects().order_by("title", "pk"))
    offers = own.offers().order_by("title", "pk")
    services = [serialiser.project(project) for project in projects]
    services += [serialiser.offer(offer) for offer in offers]
    return _json(serialiser.organization(organisation, services))


def _paged_list(request, items):
    paging, refusal = _search(request)
    if refusal:
        return refusal
    number, per_page, words = paging
    if words:
        items = [item for item in items if words.lower() in item["name"].lower()]
    contents = items[(number - 1) * per_page : number * per_page]
    return _json(_page(len(items), number, per_page, contents))


@api
def taxonomies(request):
    return _paged_list(request, [taxonomy_json(taxonomy) for taxonomy in TAXONOMIES])


def _fixed_item(items_by_id, item_id, item_json, kind):
    """One item of a fixed list (a taxonomy, a term) by its id, or a 404 naming the kind."""
    found = items_by_id.get(item_id)
    if found is None:
        return _error(f"There is no {kind} with that id.", status=404)
    return _json(item_json(found))


@api
def taxonomy(request, taxonomy_id):
    return _fixed_item(TAXONOMIES_BY_ID, taxonomy_id, taxonomy_json, "taxonomy")


@api
def taxonomy_terms(request):
    return _paged_list(request, [term_json(term) for term in TERMS])


@api
def taxonomy_term(request, term_id):
    return _fixed_item(TERMS_BY_ID, term_id, term_json, "taxonomy term")
