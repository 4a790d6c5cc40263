"""The demo spreads each town's venues over real postcodes, as a real town's would be: the map
of a demo town shows its places, not one cluster of everything at one postcode."""

from collections import Counter

import pytest

from events.models import EventPage
from home import demo
from hub import geocoder
from hub.locations import near
from partners.models import Offer, OrganisationPage, ProjectPage

pytestmark = pytest.mark.django_db


def located_things():
    return [
        EventPage.objects.live().exclude(latitude=None),
        OrganisationPage.objects.live().exclude(latitude=None),
        ProjectPage.objects.live().exclude(latitude=None),
        Offer.objects.exclude(latitude=None),
    ]


def test_each_towns_places_are_on_distinct_real_postcodes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.build()
    for town, postcode, _venue in demo.TOWNS:
        here = geocoder.geocode_postcode(postcode)
        postcodes = Counter(
            row.postcode for rows in located_things() for row, _miles in near(rows, here, 3)
        )
        for found in postcodes:
            geocoder.geocode_postcode(found)  # a real postcode, in the data
        busiest, count = postcodes.most_common(1)[0]
        # A venue holds its own organisation's events and offers, not the whole town's.
        assert count <= 8, f"{town}: {count} things at {busiest}"
        assert len(postcodes) >= 3, f"{town}: {dict(postcodes)}"
