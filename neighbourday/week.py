"""Which Neighbour Day a registration is for, and the week around it."""

import datetime

from django.utils import timezone

from hub.models import HubSettings


def week_of(day):
    """Monday to Sunday of the week ``day`` falls in."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def current(site, today=None):
    """The Neighbour Day whose week has not ended yet (from the site's settings), or None."""
    today = today or timezone.localdate()
    days = [row.date for row in HubSettings.for_site(site).neighbour_days.all()]
    return min((day for day in days if week_of(day)[1] >= today), default=None)
