"""One public address: the Wagtail Site, set from SITE_URL, in every absolute link.

Behind a TLS proxy the request itself says http (the proxy speaks http to the app); the
sitemap, JSON-LD, feeds, the map data and Open Graph must all still say https, and agree.
"""

import json
import re

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.test import Client
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from events.factories import EventPageFactory
from hub import addresses

pytestmark = pytest.mark.django_db

PUBLIC = "https://hub.example.org"


@pytest.fixture
def public_site(tree, settings):
    settings.SITE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    addresses.apply_site_url()
    return tree


def test_migrate_sets_the_default_site_from_site_url(tree, settings):
    settings.SITE_URL = PUBLIC
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("hub.example.org", 443, PUBLIC)


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("https://hub.example.org/", {"hostname": "hub.example.org", "port": 443}),
        ("http://127.0.0.1:8000", {"hostname": "127.0.0.1", "port": 8000}),
        ("http://hub.example.org", {"hostname": "hub.example.org", "port": 80}),
    ],
)
def test_site_fields(url, fields):
    assert addresses.site_fields(url) == fields


@pytest.mark.parametrize("url", ["hub.example.org", "https://hub.example.org:8443", "ftp://x"])
def test_site_url_that_a_site_cannot_hold_is_refused(url):
    with pytest.raises(Exception, match="SITE_URL|443"):
        addresses.site_fields(url)


def absolute_urls(public_site):
    """Every absolute address a visitor or a crawler is given, from each place it is made."""
    image = Image.objects.create(title="Lunch", file=get_test_image_file())
    event = EventPageFactory(
        parent=public_site.events,
        title="Community lunch",
        postcode="SN10 1AB",
        organiser=public_site.organisation,
        image=image,
    )
    client = Client(HTTP_HOST="hub.example.org")  # as the proxy forwards it: plain http
    found = {}
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    found["sitemap"] = [loc.text for loc in sitemap.findall(".//{*}loc")]
    page = client.get(event.url).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S).group(1))
    found["json-ld"] = [data["url"], data["organizer"]["url"], *data["image"]]
    found["open graph"] = re.findall(r'property="og:url" content="([^"]+)"', page)
    found["canonical"] = re.findall(r'rel="canonical" href="([^"]+)"', page)
    feed = client.get("/events/feed.ics").content.decode().replace("\r\n ", "")
    found["feed"] = re.findall(r"^(?:URL|SOURCE|ORGANIZER)[;:].*?(https?://\S+)", feed, re.M)
    geojson = client.get("/api/search.geojson", {"postcode": "SN10 1AB"}).json()
    found["map data"] = [feature["properties"]["url"] for feature in geojson["features"]]
    return found


def test_sitemap_json_ld_feeds_map_data_and_open_graph_agree(public_site):
    found = absolute_urls(public_site)
    for source, urls in found.items():
        assert urls, f"no addresses found in the {source}"
        wrong = [url for url in urls if not url.startswith(PUBLIC + "/")]
        assert not wrong, f"{source}: {wrong}"


def test_the_deploy_check_warns_when_the_site_and_site_url_disagree(public_site, settings):
    from hub.checks import site_matches_site_url

    assert site_matches_site_url(None) == []
    Site.objects.update(hostname="old.example.org")
    [warning] = site_matches_site_url(None)
    assert warning.id == "hub.W003"
    assert "old.example.org" in warning.msg
