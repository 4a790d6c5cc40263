"""Shared links preview well: Open Graph and Twitter card tags (title, description, image) on
every page; a favicon; a print stylesheet for event pages."""

import re

import pytest
from django.contrib.staticfiles import finders
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from events.factories import EventPageFactory

pytestmark = pytest.mark.django_db

TAGS = [
    ("property", "og:title"),
    ("property", "og:description"),
    ("property", "og:image"),
    ("name", "twitter:card"),
    ("name", "twitter:title"),
    ("name", "twitter:description"),
    ("name", "twitter:image"),
    ("name", "description"),
]


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{name}" content="([^"]*)">', html)
    assert match, name
    return match.group(1)


def test_every_page_has_share_tags_and_a_favicon(client, tree):
    event = EventPageFactory(parent=tree.events, summary="Bring a chair.")
    for url in ("/", "/events/", "/search/", tree.organisation.url, event.url, "/no-such-page/"):
        html = client.get(url).content.decode()
        for attribute, name in TAGS:
            assert meta(html, attribute, name), (url, name)
        assert meta(html, "property", "og:image").startswith("http://testserver/"), url
        icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
        assert client.get(icon).status_code == 200 or finders.find("img/favicon.svg")
    html = client.get(event.url).content.decode()
    assert meta(html, "property", "og:description") == "Bring a chair."
    assert meta(html, "name", "twitter:title") == event.title


def test_an_events_image_is_its_share_image(client, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="Party", file=get_test_image_file())
    event = EventPageFactory(parent=tree.events, image=image)
    html = client.get(event.url).content.decode()
    assert "/images/" in meta(html, "property", "og:image")


def test_event_pages_have_a_print_stylesheet(client, tree):
    event = EventPageFactory(parent=tree.events)
    html = client.get(event.url).content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)" media="print">', html).group(1)
    assert href.endswith("css/print.css")
    with open(finders.find("css/print.css"), encoding="utf-8") as sheet:
        rules = sheet.read()
    assert ".site-header" in rules and "display: none" in rules
