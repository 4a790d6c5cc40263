"""``/sitemap.xml``: every live, public Wagtail page, then the addresses that are not pages.

Wagtail's sitemap lists the pages (a page may add addresses of its own, as ``/offers/`` adds
each offer). What an app serves from its own views (``/volunteer/opportunities/`` and a page
per need) is a :class:`Section` that the app registers from its ``ready()``: ``hub`` imports
no app, and the apps above it never reach into the sitemap view.

Every address starts with the root of the Wagtail Site serving the request, as page
addresses do (see :mod:`hub.addresses`), so the sitemap speaks with one address.
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from hub.registry import Registry

_sections = Registry()


def register(name, section):
    """Add ``section`` (a :class:`Section` subclass) to the sitemap, after the pages."""
    _sections.add(name, section)


class Section(Sitemap):
    """Addresses served by an app's own views, made absolute on the request's Site.

    Subclasses give :meth:`entries`; each entry is shown as one ``<url>``.
    """

    def entries(self, site):
        """``(path, lastmod)`` pairs of ``site`` (lastmod a datetime, or None)."""
        raise NotImplementedError

    def items(self):
        return list(self.entries(self.get_wagtail_site()))

    def _urls(self, page, protocol, domain):
        root = self.get_wagtail_site().root_url
        urls = [
            {"location": f"{root}{path}", "lastmod": lastmod}
            for path, lastmod in self.paginator.page(page).object_list
        ]
        last_mods = {url["lastmod"] for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": Sitemap, **dict(_sections.items())})
