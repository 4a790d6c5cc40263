"""What every public page's templates need: the site's name, the menu and the footer's facts."""

from wagtail.models import Site

from hub import places
from hub.geocoder import ATTRIBUTION


def hub(request):
    """Navigation and footer facts every public page needs."""
    site = Site.find_for_request(request)
    return {
        "site_name": (site and site.site_name) or "Neighbour Day Hub",
        "postcode_attribution": ATTRIBUTION,
        "place_names_enabled": places.enabled(),
        "navigation_pages": _navigation(site),
    }


def _navigation(site):
    if site is None:
        return []
    return site.root_page.get_children().live().in_menu().public()
