"""The partners' demo content: complete, on the map, and unchanged by a second run."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, Revision

from events.models import EventPage
from home import demo
from partners.choices import OrganisationKind
from partners.models import Offer, OfferChange, OrganisationPage, ProjectPage


@pytest.fixture
def built(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return demo.build()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "offers": Offer.objects.count(),
        "offer changes": OfferChange.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
    }


def test_the_demo_content(built, client):
    """One build (it takes a while) checked for everything the partners' demo must have."""
    every_kind_of_partner_each_with_its_section()
    projects_with_outcomes_and_offers()
    every_event_says_who_to_ask(client)
    pages_render(client)


def every_kind_of_partner_each_with_its_section():
    organisations = OrganisationPage.objects.live()
    assert {o.kind for o in organisations} == set(OrganisationKind.values)
    assert len({o.tradition for o in organisations if o.tradition}) >= 6
    for organisation in organisations:
        assert organisation.latitude is not None, organisation.title
        editors = organisation.section.group.user_set.all()
        assert editors.exists(), organisation.title
        assert EventPage.objects.live().descendant_of(organisation).exists(), organisation.title
        for editor in editors:
            pages = GroupPagePermission.objects.filter(group__user=editor)
            assert {p.page_id for p in pages} == {organisation.pk}, editor.username
            assert not editor.groups.filter(name="Editors").exists()


def projects_with_outcomes_and_offers():
    projects = ProjectPage.objects.live()
    with_outcomes = [p for p in projects if p.outcomes.exists()]
    assert len(with_outcomes) >= 12
    assert all(p.latitude is not None and p.lead_organisations.exists() for p in projects)
    assert {p.status for p in projects} == {"idea", "active", "completed"}
    assert Offer.objects.public().count() >= 40
    assert Offer.objects.exclude(status="available").exists()
    assert all(offer.latitude is not None for offer in Offer.objects.all())
    assert OfferChange.objects.filter(action="edited").exists()
    waiting = EventPage.objects.filter(live=False, slug="neighbour-day-cream-tea").get()
    assert waiting.workflow_in_progress


def every_event_says_who_to_ask(client):
    events = EventPage.objects.live()
    for event in events:
        assert event.organiser_id or event.contact_name, event.title
        assert event.contact_url, event.title
    assert events.exclude(booking_url="").count() >= 3
    event = events.filter(organiser=None).first()
    html = client.get(event.url).content.decode()
    assert event.contact_name in html and event.contact_email not in html


def test_running_the_demo_twice_changes_nothing(built):
    before = counts()
    summary = demo.build()
    assert summary.lines() == ["The demo content is already there: nothing to add."]
    assert counts() == before


def pages_render(client):
    for url in ("/partners/", "/partnerships/", "/offers/", "/partners/st-marys-church-devizes/"):
        assert client.get(url).status_code == 200, url
    signing_in = {"username": "stmarys", "password": "neighbour-stmarys"}
    assert client.post("/dashboard/login/", signing_in).status_code == 302
    page = client.get("/dashboard/").content.decode()
    assert "Waiting for a moderator to approve it" in page
