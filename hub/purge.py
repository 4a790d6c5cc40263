"""Purging a CDN or caching proxy in front of the site when pages are published.

Wagtail's ``wagtail.contrib.frontend_cache`` purges a page's own addresses (its URL and the
paths its ``get_cached_paths()`` names) when it is published or unpublished, through the
backends settings build from the environment (none by default: nothing is sent). This module
adds every other page that shows it, in one batch: each app says which of its pages show a
page of a lower layer with :func:`shown_on` (events: the listing; partners: the organiser and
the projects; home: the home page). Addresses with query strings (filtered listings,
searches) cannot all be named, and expire at the CDN after ``PAGE_CACHE_SECONDS``.
"""

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

_finders = []


def shown_on(finder):
    """Register ``finder(page)``: the other pages that show ``page`` (any iterable of pages)."""
    _finders.append(finder)
    return finder


def pages_showing(page):
    found = {}
    for finder in _finders:
        for other in finder(page):
            if other.pk != page.pk:
                found[other.pk] = other
    return list(found.values())


def purge_pages_showing(sender, instance, **kwargs):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_pages(pages_showing(instance.specific))
    batch.purge()


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(purge_pages_showing, dispatch_uid=f"purge:{signal}")
