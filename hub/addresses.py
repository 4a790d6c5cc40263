"""The public address of the site, from one source of truth: the Wagtail ``Site`` record.

``SITE_URL`` (from the environment) sets the default Site's host name and port every time
``migrate`` runs (:func:`apply_site_url`, a ``post_migrate`` receiver) and when ``load_demo``
builds the site. Everything that writes an absolute address asks the Site, through Wagtail
(page ``full_url``, so the sitemap) or :func:`base_url`: JSON-LD, calendar feeds, the map data
and Open Graph. E-mails use ``WAGTAILADMIN_BASE_URL``, which is ``SITE_URL`` as well, and
``check --deploy`` warns if the Site and ``SITE_URL`` ever disagree (``hub.checks``).

A Site has no scheme: port 443 means https, port 80 http, any other port http. So
``https://hub.example.org`` is stored as port 443, and https on another port cannot be
represented (``site_fields`` refuses it).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

_SCHEMES = ("http://", "https://", "mailto:", "tel:", "webcal://")


def site_fields(url):
    """The Site ``hostname`` and ``port`` for a public address such as ``SITE_URL``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
        raise ImproperlyConfigured(f"SITE_URL must be like https://hub.example.org, not {url!r}")
    default = 443 if parts.scheme == "https" else 80
    port = parts.port or default
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured("An https SITE_URL must use the standard port, 443.")
    return {"hostname": parts.hostname, "port": port}


def apply_site_url(**kwargs):
    """Give the default Site the host name and port of ``SITE_URL`` (after every migrate)."""
    Site.objects.filter(is_default_site=True).update(**site_fields(settings.SITE_URL))
    Site.clear_site_root_paths_cache()


def base_url(request=None, site=None):
    """``https://hub.example.org``: the root of the Site serving ``request`` (or ``site``),
    else of the default Site."""
    if site is None and request is not None:
        site = Site.find_for_request(request)
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else settings.SITE_URL


def absolute(url, request=None, site=None):
    """A path on the site made absolute; addresses that are already absolute are kept."""
    if not url or url.startswith(_SCHEMES):
        return url or ""
    return base_url(request, site) + ("" if url.startswith("/") else "/") + url
