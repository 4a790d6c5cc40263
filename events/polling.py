"""Calendar files' addresses (``*.ics``), answered before Wagtail's router.

Calendar apps poll feeds with the ETag they have. When an address served that very feed
before and nothing it holds has changed since, the 304 comes from the caches alone, without
finding the page and building its filter again; anything else goes to the page's route.
"""

from wagtail import views as wagtail_views

from . import feeds
from .views import not_modified


def calendar_file(request, path):
    """A page's calendar route (``feed.ics``, ``event.ics``), served by the page."""
    conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
    if conditional and request.method in ("GET", "HEAD"):
        calendar = feeds.known_feed(request)
        if calendar is not None:
            response = not_modified(request, calendar)
            if response is not None:
                return response
    return wagtail_views.serve(request, path)
