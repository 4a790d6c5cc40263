"""An event page offers Subscribe (webcal and an address to copy) to its organiser's feed and
to events like this one, besides "Add to calendar"."""

import re

import pytest

from events.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def test_subscribe_to_the_organiser_and_to_events_like_this(client, tree):
    event = EventPageFactory(parent=tree.events, organiser=tree.organisation, category="food")
    html = client.get(event.url).content.decode().replace("&amp;", "&")
    section = re.search(r'<section class="event-follow".*?</section>', html, re.S).group(0)
    webcals = re.findall(r'href="(webcal://[^"]+)"', section)
    assert any(f"{tree.organisation.slug}/feed.ics" in url for url in webcals)
    assert any("/events/feed.ics?category=food" in url for url in webcals)
    copies = re.findall(r'<input[^>]+readonly[^>]+value="(http[^"]+)"', section)
    assert any("category=food" in url for url in copies)
    assert any(f"{tree.organisation.slug}/feed.ics" in url for url in copies)
    for url in copies:
        assert client.get(url.replace("http://testserver", "")).status_code == 200


def test_without_an_organiser_only_events_like_this(client, tree):
    event = EventPageFactory(parent=tree.events, category="arts-and-culture")
    html = client.get(event.url).content.decode()
    section = re.search(r'<section class="event-follow".*?</section>', html, re.S).group(0)
    assert len(re.findall(r'href="webcal://', section)) == 1
    assert "Arts and culture events" in section
