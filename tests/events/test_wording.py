"""Wording a first visitor noticed: proper names keep their capitals, no "'s's", "under 0.1
miles" rather than "0.0 miles", no repeated address parts, no Subscribe box on an empty
result."""

import pytest

from events.factories import EventPageFactory
from events.filters import EventFilter
from hub.locations import describe_miles

pytestmark = pytest.mark.django_db


def test_neighbour_day_keeps_its_capital_d(client, tree):
    EventPageFactory(parent=tree.events)
    html = client.get("/events/?category=neighbour-day").content.decode()
    assert "Neighbour Day events" in html
    assert "Neighbour day" not in html and "neighbour Day" not in html
    assert EventFilter({"category": "food"}).description().startswith("Food events")


def test_an_organisations_feed_link_has_no_possessive(client, tree):
    tree.organisation.title = "St Mary's Church, Devizes"
    tree.organisation.save_revision().publish()
    html = client.get(tree.organisation.url).content.decode().replace("&#x27;", "'")
    assert "St Mary's Church, Devizes: events" in html
    assert "Devizes’s" not in html and "Devizes's" not in html


def test_very_near_is_under_a_tenth_of_a_mile(client, tree):
    assert describe_miles(0.04) == "under 0.1 miles"
    assert describe_miles(1.0) == "1 mile"
    assert describe_miles(2.345) == "2.3 miles"
    EventPageFactory(parent=tree.events, title="Next door", postcode="SN10 1AB")
    html = client.get("/events/?postcode=SN10+1AB&radius=1").content.decode()
    assert "under 0.1 miles away" in html and "0.0 miles" not in html


def test_no_repeated_address_parts(client, tree):
    event = EventPageFactory(
        parent=tree.events, venue_name="Market Place", address="Market Place\nDevizes"
    )
    assert event.location_label == "Market Place, Devizes, SN10 1AB"
    assert "Market Place, Market Place" not in client.get(event.url).content.decode()


def test_no_subscribe_box_on_an_empty_result(client, tree):
    EventPageFactory(parent=tree.events, category="food")
    assert "Follow these events in your calendar" in client.get("/events/").content.decode()
    empty = client.get("/events/?category=arts-and-culture").content.decode()
    assert "No events match" in empty
    assert "Follow these events in your calendar" not in empty
