"""The map search page and its GeoJSON: one Search object, two renderings."""

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from events.feeds import feed_address
from events.models import EventIndexPage
from events.search_kinds import EventsKind
from hub.places import refuse_for_a_minute

from .search import Search


@require_safe
def search_page(request):
    """The list of results and, with JavaScript, the map of the same results."""
    search = Search(request)
    page = search.page() if search.point is not None else None
    querystring = search.filter.querystring()
    context = {"search": search, "form": search.form, "page_obj": page, "querystring": querystring}
    if page is not None:
        chosen = search.filter.values.get("kind", "")
        context["kind_links"] = [  # (label, query string, is the current one)
            (label, search.filter.querystring(kind=name or None, page=None), name == chosen)
            for name, label in search.form.fields["kind"].choices
        ]
        context["feed"] = _event_feed(request, search)
    if page is not None and page.object_list:
        # The map asks the GeoJSON endpoint for this very page, with only the parameters the
        # filter accepted, so it shows exactly the listed results.
        paged = f"{querystring}&page={page.number}" if querystring else f"page={page.number}"
        context["map_config"] = {
            "geojson": f"{reverse('search_geojson')}?{paged}",
            "tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
        }
    return search.filter.limited(TemplateResponse(request, "search/search_page.html", context))


@require_safe
def search_geojson(request):
    """The search as an RFC 7946 FeatureCollection; errors are 400 (or 429) {"error": "..."}."""
    search = Search(request)
    if search.rate_limited:
        return refuse_for_a_minute(_error(" ".join(search.form.errors["postcode"])))
    if search.errors:
        return _error(" ".join(search.errors))
    if search.point is None:
        return _error("Give a postcode or a place as ?postcode=, for example ?postcode=SN10+1AB.")
    collection = search.feature_collection(search.page())
    return JsonResponse(
        collection, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )


def _event_feed(request, search):
    """The calendar feed of the events the search found (those of every page), if any."""
    if not any(kind.name == EventsKind.name for *_, kind in search.found):
        return None
    index = EventIndexPage.objects.live().in_site(search.filter.site).first()
    return feed_address(request, index, search.filter) if index else None


def _error(message):
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})
