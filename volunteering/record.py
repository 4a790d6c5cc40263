"""A volunteer's record: confirmed hours, with totals per organisation and per year, and what
other apps add to it.

Apps in higher layers (Neighbour Day's gatherings) show what a volunteer did with them here
without this app knowing them: each registers a provider with :func:`shows`, a function of
the volunteer that returns :class:`Entry` rows, under a heading of its own. Entries carry the
link the volunteer manages them with, so only the volunteer's own pages show them
(:func:`elsewhere`), never :func:`summary`, which organisations see when a passport is shared.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from hub.registry import Registry

_PROVIDERS = Registry()


@dataclass(frozen=True)
class Entry:
    """One thing the volunteer did through another app, and where they manage it."""

    title: str
    date: datetime.date
    status: str
    url: str
    action: str = "Manage it"


def shows(heading):
    """Register ``provider(volunteer)`` (an iterable of :class:`Entry`) under ``heading``."""

    def register(provider):
        return _PROVIDERS.add(heading, provider)

    return register


def elsewhere(volunteer):
    """Each registered heading that has entries for this volunteer, with its entries."""
    found = []
    for heading, provider in _PROVIDERS.items():
        entries = list(provider(volunteer))
        if entries:
            found.append((heading, entries))
    return found


def confirmed(volunteer):
    return volunteer.service.filter(confirmed_at__isnull=False)


def summary(volunteer):
    hours = confirmed(volunteer)
    return {
        "entries": hours.select_related("organisation")[:200],
        "by_organisation": hours.values("organisation__title")
        .annotate(total=Sum("hours"))
        .order_by("organisation__title"),
        "by_year": hours.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("hours"))
        .order_by("-year"),
        "total": hours.aggregate(total=Sum("hours"))["total"] or 0,
    }
