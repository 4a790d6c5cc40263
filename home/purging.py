"""The home page shows upcoming events, for purging a CDN (hub.purge)."""

from events.models import EventPage
from hub.purge import shown_on


@shown_on
def home_page(page):
    site = page.get_site() if isinstance(page, EventPage) else None
    return [site.root_page] if site else []
