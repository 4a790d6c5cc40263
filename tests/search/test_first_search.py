"""Searching from the home page on a phone: events first (other kinds a tap away), one default
radius everywhere, the filters behind a summary once there are results, and Subscribe for
the events found."""

import re

import pytest

from events.factories import EventPageFactory
from hub.filters import DEFAULT_RADIUS, RADIUS_CHOICES

pytestmark = pytest.mark.django_db


def test_the_home_postcode_box_asks_for_events_with_the_default_radius(client, tree):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="postcode-search".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="kind" value="events">' in form
    options = re.findall(r'<option value="(\d+)"( selected)?>', form)
    assert [int(value) for value, _ in options] == RADIUS_CHOICES
    assert [int(value) for value, selected in options if selected] == [DEFAULT_RADIUS]


def test_other_kinds_are_a_tap_away(client, tree):
    EventPageFactory(parent=tree.events, title="Street party")
    html = client.get("/search/?postcode=SN10+1AB&kind=events").content.decode()
    nav = re.search(r'<nav class="kinds".*?</nav>', html, re.S).group(0)
    assert 'aria-current="page">Events<' in nav
    assert "kind=partners" in nav and ">Everything<" in nav


def test_the_filters_fold_behind_a_summary_once_there_are_results(client, tree):
    EventPageFactory(parent=tree.events, title="Street party")
    first = client.get("/search/").content.decode()
    assert re.search(r'<details class="filters-toggle" open>', first)
    found = client.get("/search/?postcode=SN10+1AB&kind=events").content.decode()
    summary = re.search(
        r'<details class="filters-toggle">\s*<summary[^>]*>(.*?)</summary>', found, re.S
    )
    assert summary and "within 3 miles of SN10 1AB" in summary.group(1)
    assert found.index('class="filters-toggle"') < found.index('id="results-list"')


def test_search_offers_subscribe_for_its_events(client, tree):
    EventPageFactory(parent=tree.events, title="Street party")
    html = client.get("/search/?postcode=SN10+1AB&kind=events&category=neighbour-day").content
    html = html.decode().replace("&amp;", "&")
    webcal = re.search(r'href="(webcal://[^"]+)"', html).group(1)
    assert "/events/feed.ics?" in webcal and "postcode=SN10" in webcal
    assert "category=neighbour-day" in webcal
    partners = client.get("/search/?postcode=SN10+1AB&kind=partners").content.decode()
    assert "webcal://" not in partners
