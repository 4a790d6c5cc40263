"""The demo's gatherings (some asking for help), and a scan of every public address for every
demo organiser's e-mail address, name and full postcode (none may appear anywhere public)."""

import re

import pytest
from django.db.models import Count
from django.urls import reverse

from events.models import EventPage
from home import demo
from neighbourday.choices import Status
from neighbourday.models import AreaCount, Gathering, GatheringRequest

pytestmark = pytest.mark.django_db

TOWN_POSTCODES = [town[1] for town in demo.TOWNS]


@pytest.fixture
def built(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.build()


def public_urls(client):
    urls = [
        "/",
        "/events/",
        "/events/past/",
        "/events/feed.ics",
        "/sitemap.xml",
        "/neighbour-day/",
        "/neighbour-day/?sort=people",
        "/neighbour-day/?sort=name&area=SN",
        "/neighbour-day/register/",
        "/api/neighbour-day/stats.json",
        "/api/neighbour-day/districts.geojson",
        "/offers/",
        "/partners/",
    ]
    districts = AreaCount.objects.values_list("district", flat=True)
    urls += [f"/api/neighbour-day/gatherings.geojson?district={d}" for d in districts]
    for postcode in TOWN_POSTCODES[:10]:
        urls += [
            f"/api/search.geojson?postcode={postcode}&radius=25",
            f"/search/?postcode={postcode}",
        ]
    for page in EventPage.objects.live().filter(gathering__isnull=False):
        urls += [page.url, page.url + "event.ics"]
    return urls


def test_the_demo_gatherings_and_that_nothing_private_is_public(built, client):
    gatherings = Gathering.objects.all()
    assert gatherings.count() >= 150
    assert gatherings.filter(open_to_everyone=True, status=Status.CONFIRMED).exists()
    assert gatherings.filter(open_to_everyone=False, status=Status.CONFIRMED).exists()
    assert gatherings.filter(status=Status.CANCELLED).exists()
    assert gatherings.filter(status=Status.UNCONFIRMED).exists()
    areas = gatherings.values("area").annotate(n=Count("pk"))
    assert len(areas) >= 25  # the demo towns and beyond

    secrets = set()
    for gathering in gatherings:
        secrets |= {gathering.organiser_email, gathering.postcode, gathering.organiser_name}
    secrets -= set(TOWN_POSTCODES)
    pattern = re.compile("|".join(re.escape(secret) for secret in secrets))
    scanned = 0
    for url in public_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        found = pattern.search(body)
        assert found is None, (url, found and found.group())
        scanned += 1
    assert scanned > 100


def test_some_demo_gatherings_ask_for_help_which_the_offering_organisations_see(built, client):
    requests = list(GatheringRequest.objects.select_related("gathering", "offer", "need"))
    assert len(requests) >= 10
    assert len({request.offer.organisation_id for request in requests}) >= 3
    for request in requests:
        assert request.gathering.counted
        assert request.need.organisation_id == request.offer.organisation_id
    organisations = {request.offer.organisation for request in requests}
    for organisation in organisations:
        client.force_login(organisation.section.group.user_set.first())
        listed = client.get("/dashboard/needs/").content.decode()
        for request in requests:
            detail = reverse("needs_dashboard:detail", args=[request.need.pk])
            mine = request.offer.organisation == organisation
            assert (f'href="{detail}"' in listed) == mine, (organisation.title, detail)
