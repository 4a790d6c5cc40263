"""The organiser's pack: a printable invitation and poster with a QR code, and the documents
moderators upload (``PackDocument``)."""

import segno
from django.urls import reverse

from hub.addresses import absolute

from .models import PackDocument


def public_url(gathering, site):
    """Where the QR code leads: the gathering's own page if it is listed, else the
    Neighbour Day page (a "just our street" gathering has no public page)."""
    if gathering.listed and gathering.event is not None and gathering.event.live:
        return absolute(gathering.event.get_url(), site=site)
    return absolute(reverse("neighbourday:overview"), site=site)


def qr_svg(url):
    """The QR code for ``url`` as inline SVG markup (no image request, no inline style)."""
    return segno.make(url, error="m").svg_inline(scale=4, title="QR code: " + url, dark="#000")


def documents():
    return list(PackDocument.objects.select_related("document"))
