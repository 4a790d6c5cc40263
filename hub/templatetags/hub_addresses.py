"""``{% public_url %}``: this page's address at the site's public address (``hub.addresses``)."""

from django import template

from hub.addresses import absolute

register = template.Library()


@register.simple_tag(takes_context=True)
def public_url(context):
    request = context.get("request")
    return absolute(request.path, request) if request is not None else ""
