from django import template

from partners import dashboard_nav

register = template.Library()


@register.simple_tag
def dashboard_entries():
    """The sections other apps add to the partner dashboard's menu."""
    return dashboard_nav.entries()
