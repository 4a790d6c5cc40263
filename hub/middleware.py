"""The Content-Security-Policy of every response (django-csp), by the room it belongs to.

Public pages get the strict policy in ``CONTENT_SECURITY_POLICY``: everything from the site
itself, no inline script or style, no plugins, no framing by others; the map's tiles from the
origin of ``MAP_TILE_URL`` (``data:`` for the blank test tiles), added here so the policy
follows that setting. The Wagtail admin (``/admin/``) also gets
``ADMIN_CONTENT_SECURITY_POLICY``: the allowances its page editor needs (see
``docs/security.md``). The user bar that signed-in editors see on public pages needs none.
"""

from dataclasses import replace
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings


def tile_origin(url):
    """The origin a tile URL template loads from: ``https://tile.openstreetmap.org``,
    ``https://*.tile.example.org`` for a ``{s}`` subdomain template, ``data:`` for data."""
    if url.startswith("data:"):
        return "data:"
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        update = {"img-src": [tile_origin(settings.MAP_TILE_URL)]}
        if request.path_info.startswith("/admin/"):
            for directive, sources in settings.ADMIN_CONTENT_SECURITY_POLICY.items():
                update[directive] = [*update.get(directive, []), *sources]
        return replace(parts, update={**update, **(parts.update or {})})
