"""The stored counts: what each gathering adds to its district's :class:`AreaCount` row.

Every change of state goes through :func:`changing`: it takes what the gathering added
before the change and what it adds after, and moves the difference with ``F()`` updates in
the same transaction, so the rows always equal a direct count of confirmed, visible
gatherings (``tests/neighbourday/test_counts.py`` checks it over random sequences). Reading
the totals is a sum over a few thousand district rows, never over the registrations.

A change of the counts makes stale only the cached pages that show them (the page cache's
:data:`SCOPE`, which the views showing counts declare): on Neighbour Day, with thousands of
registrations an hour, every other page stays cached. An open gathering's event page is
published by Wagtail, which makes the whole site's pages stale as for any page.
"""

import contextlib

from django.db import transaction
from django.db.models import F, Sum

from hub import geocoder, pagecache

from .models import AreaCount, Gathering

# The page cache scope of the pages that show the counts (``hub.pagecache.scoped``).
SCOPE = "neighbourday-counts"


def contribution(gathering):
    """(year, district, area) and the figures this gathering adds, or None."""
    if not gathering.counted:
        return None
    key = (gathering.date.year, gathering.district, gathering.area)
    figures = {
        "gatherings": 1,
        "open_gatherings": 1 if gathering.open_to_everyone else 0,
        "people": gathering.estimate,
        "attended": gathering.attendance or 0,
    }
    return key, figures


def _add(found, sign):
    if found is None:
        return
    (year, district, area), figures = found
    moves = {name: F(name) + sign * value for name, value in figures.items()}
    row = AreaCount.objects.filter(year=year, district=district)
    if row.update(**moves):
        return  # the district's row was there: one query
    centre = geocoder.geocode_postcode(district)
    AreaCount.objects.get_or_create(
        year=year,
        district=district,
        defaults={"area": area, "latitude": centre.latitude, "longitude": centre.longitude},
    )
    row.update(**moves)


@contextlib.contextmanager
def changing(gathering):
    """Wrap a change to ``gathering`` (saved inside the block) and move the counts with it."""
    with transaction.atomic():
        before = None
        if gathering.pk is not None:
            before = contribution(Gathering.objects.select_for_update().get(pk=gathering.pk))
        yield
        after = contribution(gathering)
        if before != after:
            _add(before, -1)
            _add(after, +1)
            pagecache.scope_changed(SCOPE)  # update() sends no signal


FIGURES = ("gatherings", "open_gatherings", "people", "attended")


def totals(year):
    rows = AreaCount.objects.filter(year=year).aggregate(**{name: Sum(name) for name in FIGURES})
    return {name: rows[name] or 0 for name in FIGURES}


def by_district(year):
    return list(
        AreaCount.objects.filter(year=year, gatherings__gt=0)
        .order_by("district")
        .values("district", "area", *FIGURES)
    )


def by_area(year):
    return list(
        AreaCount.objects.filter(year=year, gatherings__gt=0)
        .values("area")
        .annotate(**{name: Sum(name) for name in FIGURES})
        .order_by("area")
    )


def located_rows(year):
    return AreaCount.objects.filter(year=year, gatherings__gt=0, latitude__isnull=False).only(
        "district", "latitude", "longitude", "gatherings", "people"
    )


def direct(year):
    """The same figures counted from the registrations themselves (for tests and checks)."""
    found = {}
    for gathering in Gathering.objects.filter(date__year=year).counted():
        (_, district, _), figures = contribution(gathering)
        row = found.setdefault(district, dict.fromkeys(FIGURES, 0))
        for name, value in figures.items():
            row[name] += value
    return found
