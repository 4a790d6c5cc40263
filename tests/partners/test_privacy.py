"""Private contact details of organisations and events never reach a public page, feed or API."""

import pytest

from events.factories import EventPageFactory
from openreferral import ids as openreferral_ids
from partners.factories import ProjectOutcomeFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db

ORG_SECRET = "safeguarding-lead@stmarys.example.org"
EVENT_SECRET = "organiser-home@stmarys.example.org"


@pytest.fixture
def secrets(site):
    org = site.org_a
    org.private_contact_email = ORG_SECRET
    org.public_email = "hello@stmarys.example.org"
    org.save_revision().publish()
    event = EventPageFactory(parent=org, title="Harvest supper", contact_email=EVENT_SECRET)
    project = ProjectPageFactory(
        parent=org, title="Community larder", lead_organisations=[org], related_events=[]
    )
    ProjectOutcomeFactory(project=project)
    site.event, site.project = event, project
    return site


def public_urls(site):
    return [
        "/",
        "/partners/",
        "/partners/?postcode=SN10+1AB",
        site.org_a.url,
        "/partnerships/",
        site.project.url,
        "/offers/",
        f"/offers/{site.offer_a.pk}/",
        "/events/",
        "/events/past/",
        site.event.url,
        f"{site.event.url}contact/",
        "/sitemap.xml",
        "/openreferral/services",
        "/openreferral/service_at_locations?postcode=SN10+1AB&proximity=8000",
        "/openreferral/organizations",
        f"/openreferral/organizations/{openreferral_ids.make('organisation', site.org_a.pk)}",
    ]


def test_private_contact_details_are_on_no_public_page(client, secrets):
    for url in public_urls(secrets):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert ORG_SECRET not in html, url
        assert EVENT_SECRET not in html, url
    assert "hello@stmarys.example.org" in client.get(secrets.org_a.url).content.decode()


def test_nor_to_a_signed_in_member_of_another_organisation(client, secrets):
    """Other members see the same public pages, and the admin's page API has no such field."""
    client.force_login(secrets.member_b)
    urls = [
        *public_urls(secrets),
        f"/admin/api/main/pages/{secrets.org_a.pk}/",
        f"/admin/api/main/pages/{secrets.event.pk}/",
        "/admin/api/main/pages/?search=Harvest",
        "/dashboard/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url  # the admin API hides other sections
        html = response.content.decode()
        assert ORG_SECRET not in html, url
        assert EVENT_SECRET not in html, url


def test_moderators_do_see_them_in_the_admin(client, secrets):
    client.force_login(secrets.moderator)
    assert ORG_SECRET in client.get(f"/admin/pages/{secrets.org_a.pk}/edit/").content.decode()
    assert EVENT_SECRET in client.get(f"/admin/pages/{secrets.event.pk}/edit/").content.decode()
