"""``{% mark_fits needs %}``: "fits you" for a signed-in volunteer on a list of needs."""

from django import template

from .. import fits

register = template.Library()


@register.simple_tag(takes_context=True)
def mark_fits(context, needs):
    """Set ``need.fit`` on each of ``needs`` (see :func:`needs.fits.mark`); shows nothing.

    ``{% mark_fits page_obj.object_list %}`` then ``{% if need.fit %}Fits you:
    {{ need.fit.why }}{% endif %}`` for each need."""
    fits.mark(context["request"].user, needs)
    return ""
