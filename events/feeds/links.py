"""Absolute addresses in calendars: pages and their calendar routes, and how a page names its
feed (title, description, https and webcal:// addresses, filters kept)."""

import re
from dataclasses import dataclass

from django.conf import settings

from hub.addresses import base_url

from ..filters import lower_first

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


class Links:
    """Absolute addresses, at the public address of the Site serving the request (or of the
    default Site): see ``hub.addresses``."""

    def __init__(self, request=None):
        self.request = request
        self.base = base_url(request)
        # The address of each parent page's children, up to their slug: a feed names
        # thousands of events that share a few parents, and Wagtail's routing is only asked
        # once per parent.
        self._children = {}

    def absolute(self, url):
        """A site path made absolute; addresses with a scheme (https:, mailto:, tel:) kept."""
        if not url or _SCHEME.match(url):
            return url or ""
        return self.base + ("" if url.startswith("/") else "/") + url

    def page(self, page, route=None, query=""):
        """A page's address, or one of its calendar routes (which are served without the
        trailing slash Wagtail's router adds to every route: see ``hub/urls.py``)."""
        url = self._page_url(page)
        if route:
            url += page.reverse_subpage(route).removesuffix("/")
        return self.absolute(url) + (f"?{query}" if query else "")

    def _page_url(self, page):
        parent, _, slug = page.url_path.rstrip("/").rpartition("/")
        tail = page.url_path[len(parent) + 1 :]  # the slug and its trailing slash
        prefix = self._children.get(parent)
        if prefix is not None:
            return prefix + tail
        url = page.get_url(self.request) or ""
        if url.endswith(tail) and slug:
            self._children[parent] = url[: -len(tail)]
        return url


def webcal(url):
    """The ``webcal://`` form of a feed address, which calendar apps open as a subscription."""
    return re.sub(r"^https?://", "webcal://", url)


@dataclass(frozen=True)
class FeedAddress:
    """What a page needs to name a feed: its title, what it holds and its addresses."""

    name: str
    description: str
    url: str
    page_url: str

    @property
    def webcal_url(self):
        return webcal(self.url)


def feed_address(request, page, event_filter):
    """The feed of a listing page (an events index or an organisation) with its filters kept."""
    links = Links(request)
    query = event_filter.querystring(page=None)
    description = event_filter.description()
    site = event_filter.site
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    return FeedAddress(
        name=f"{site_name}: {lower_first(description)}",
        description=(
            f"{description} from {site_name}: the last 30 days and the next 12 months, kept up "
            f"to date as organisers change them. On the web: {links.page(page, query=query)}"
        ),
        url=links.page(page, "feed", query),
        page_url=links.page(page, query=query),
    )
