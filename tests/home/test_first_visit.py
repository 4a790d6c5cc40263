"""A first visitor learns what Neighbour Day is, finds /about/, and the privacy, accessibility
and contact pages from the footer of every page; "Coming up" shows the next events."""

import datetime
import re

import pytest

from events.choices import Category
from events.factories import EventPageFactory
from home import demo

pytestmark = pytest.mark.django_db


def test_the_home_page_says_what_neighbour_day_is(client, tree):
    html = client.get("/").content.decode()
    hero = re.search(r'<section class="hero".*?</section>', html, re.S).group(0)
    assert "Neighbour Day is" in hero
    assert "Take part" in hero or "take part" in hero


def test_coming_up_shows_the_next_events_of_every_kind(client, tree):
    soon = datetime.date.today() + datetime.timedelta(days=1)
    EventPageFactory(
        parent=tree.events, title="Repair café", category=Category.ENVIRONMENT, start_date=soon
    )
    for n in range(6):
        EventPageFactory(
            parent=tree.events,
            title=f"Street party {n}",
            featured=True,
            start_date=soon + datetime.timedelta(days=10 + n),
        )
    html = client.get("/").content.decode()
    coming_up = html.split('id="featured-heading"')[1]
    assert "Repair café" in coming_up
    assert coming_up.index("Repair café") < coming_up.index("Street party 0")


@pytest.fixture
def built(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.build()


def test_about_privacy_accessibility_and_contact_pages(client, built):
    about = client.get("/about/").content.decode()
    for words in ("What the hub is", "Who runs it", "Join as a partner"):
        assert words in about, words
    footer = re.search(r"<footer.*?</footer>", client.get("/events/").content.decode(), re.S)
    anchors = re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer.group(0))
    links = {text: href for href, text in anchors}
    for title in ("About the hub", "Privacy", "Accessibility statement", "Contact us"):
        assert title in links, title
        assert client.get(links[title]).status_code == 200, title
    header = re.search(r"<header.*?</header>", client.get("/").content.decode(), re.S).group(0)
    assert "Privacy" not in header
