"""No demo volunteer's e-mail address, full postcode or certificate number is on any public
URL (pages, calendar feeds, the map's GeoJSON, the sitemap, search results, the needs
and their feed), signed out or
signed in as another volunteer; and no certificate number ever reaches a log."""

import logging
import re

import pytest
from django.urls import reverse

from home import demo
from needs.models import Need
from partners.models import OrganisationPage
from volunteering.choices import CheckStatus
from volunteering.models import Credential, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.build()
    return [
        (volunteer.user.email, volunteer.postcode, [c.number for c in volunteer.credentials.all()])
        for volunteer in Volunteer.objects.select_related("user").prefetch_related("credentials")
    ]


def public_urls(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", sitemap)
    feeds = [f"{page.url}feed.ics" for page in OrganisationPage.objects.live()]
    needs = [reverse("needs:detail", args=[need.uuid]) for need in Need.objects.public()[:20]]
    searches = [
        f"/search/?postcode={town_postcode}&radius=25"
        for _town, town_postcode, _venue in demo.TOWNS[:6]
    ]
    return [
        "/sitemap.xml",
        *pages,
        "/events/feed.ics",
        *feeds[:5],
        *searches,
        "/search/?q=volunteer",
        "/api/search.geojson?postcode=SN10+1AB&radius=25",
        "/api/search.geojson?postcode=LS1+1UR&radius=25",
        "/volunteer/privacy/",
        "/partners/?postcode=SN10+1AB",
        "/volunteer/opportunities/",
        "/volunteer/opportunities/?postcode=SN10+1AB&radius=25",
        "/volunteer/opportunities/feed.ics",
        "/api/search.geojson?kind=needs&postcode=SN10+1AB&radius=25",
        *needs,
    ]


def test_demo_volunteers_are_realistic_and_on_no_public_url(client, built, caplog):
    """One build of the demo (it takes a while), checked for both."""
    the_demo_volunteers(client)
    client.logout()
    no_demo_volunteer_is_on_any_public_url(client, built, caplog)


def no_demo_volunteer_is_on_any_public_url(client, built, caplog):
    assert len(built) >= 200
    assert sum(bool(numbers) for _email, _postcode, numbers in built) >= 100
    with caplog.at_level(logging.DEBUG):
        bodies = {}
        for url in public_urls(client):
            response = client.get(url)
            assert response.status_code == 200, url
            bodies[url] = response.content.decode()
        other = Volunteer.objects.get(user__username="volunteer")
        client.force_login(other.user)
        for url in ["/", "/events/", "/partners/", "/sitemap.xml"]:
            bodies[f"{url} (signed in)"] = client.get(url).content.decode()
    assert len(bodies) > 40
    for email, postcode, numbers in built:
        for url, body in bodies.items():
            assert email not in body, (url, email)
            assert postcode not in body, (url, postcode)
            for number in numbers:
                assert number not in body, (url, "a certificate number")
    logged = caplog.text
    assert not any(number in logged for _e, _p, numbers in built for number in numbers)


def the_demo_volunteers(client):
    volunteers = Volunteer.objects.all()
    assert volunteers.count() >= 200
    assert volunteers.values("district").distinct().count() >= 25
    assert volunteers.filter(reserve=True).count() >= 30
    assert all(v.latitude is not None for v in volunteers)
    statuses = {credential.status() for credential in Credential.objects.all()}
    assert {CheckStatus.VERIFIED, CheckStatus.SELF_DECLARED, CheckStatus.EXPIRED} <= statuses
    response = client.post(
        "/accounts/login/", {"login": "volunteer@example.org", "password": "neighbour-volunteer"}
    )
    assert response.status_code == 302
    assert "Alex" in client.get("/volunteer/").content.decode()
    before = Volunteer.objects.count()
    assert demo.build().lines() == ["The demo content is already there: nothing to add."]
    assert Volunteer.objects.count() == before
