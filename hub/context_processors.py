"""What every public page's templates need: the site's name, the menu and the footer's facts."""

from django.utils.functional import SimpleLazyObject
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
        **_navigation(site),
    }


def _navigation(site):
    """The top pages of the site, in one query: those in the menu head the header and the
    footer; the rest (privacy, accessibility, contact) are linked from the footer only."""
    pages = SimpleLazyObject(
        lambda: list(site.root_page.get_children().live().public()) if site else []
    )
    return {
        "navigation_pages": SimpleLazyObject(lambda: [p for p in pages if p.show_in_menus]),
        "footer_pages": SimpleLazyObject(lambda: [p for p in pages if not p.show_in_menus]),
    }
