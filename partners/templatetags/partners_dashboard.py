from django import template
from django.urls import reverse

from ..dashboard_links import links

register = template.Library()


@register.simple_tag
def dashboard_links():
    """[(label, url)] of the links other apps add to the dashboard menu."""
    return [(label, reverse(name)) for label, name in links()]
