from django import template
from django.utils import timezone

from hub.locations import describe_miles

register = template.Library()


@register.filter
def clock(value):
    """A time the British way: 10am, 2:30pm (local time for datetimes)."""
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date") and value.tzinfo is not None:
        value = timezone.localtime(value)
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def miles(value):
    """A distance in miles as people say it (hub.locations.describe_miles)."""
    return "" if value is None or value == "" else describe_miles(value)
