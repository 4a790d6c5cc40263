"""``{% public_url %}``: this page's address at the site's public address (``hub.addresses``)."""

from django import template
from django.templatetags.static import static

from hub.addresses import absolute

register = template.Library()


@register.simple_tag(takes_context=True)
def public_url(context):
    request = context.get("request")
    return absolute(request.path, request) if request is not None else ""


@register.simple_tag(takes_context=True)
def share_image(context):
    """The address of the picture a shared link shows: the page's own image (an event's), or
    the hub's."""
    image = getattr(context.get("page"), "image", None)
    url = image.get_rendition("fill-1200x630").url if image else static("img/share.png")
    return absolute(url, context.get("request"))
