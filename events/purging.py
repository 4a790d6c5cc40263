"""The events app's pages that show another page, for purging a CDN (hub.purge)."""

from hub.purge import shown_on

from .models import EventIndexPage, EventPage


@shown_on
def listing(page):
    """An event is listed (and in the feed) of its site's event listing."""
    site = page.get_site() if isinstance(page, EventPage) else None
    return EventIndexPage.objects.live().in_site(site) if site else []
