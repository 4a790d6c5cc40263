"""Asking for an offer in a click: it becomes a need in the offering organisation's
dashboard, linked to the gathering, and the organisation is e-mailed the organiser's address
to reply to; nothing of the organiser reaches the need."""

import pytest
from django.core import mail

from needs.choices import NeedStatus
from needs.models import Need
from neighbourday import asking
from neighbourday.models import Gathering, GatheringRequest
from partners.factories import OfferFactory
from partners.models import OrganisationPage
from tests.partners.conftest import build_partner_site

pytestmark = pytest.mark.django_db

ORGANISER = "ada.organiser@example.org"


@pytest.fixture
def partners(nd):
    partners = build_partner_site(nd)
    OrganisationPage.objects.filter(pk=partners.org_a.pk).update(
        private_contact_email="help@church.example.org"
    )
    return partners


def test_one_click_makes_a_need_the_offering_organisation_sees(partners, resident, client):
    manage = resident.register_and_confirm()
    ask = f"{manage}ask/{partners.offer_a.pk}/"
    assert f'action="{ask}"' in client.get(manage).content.decode()
    mail.outbox.clear()

    response = resident.post(ask)
    assert response.status_code == 302 and response["Location"].endswith("?done=asked")
    gathering = Gathering.objects.get()
    need = gathering.requests.get().need
    assert need.organisation_id == partners.org_a.pk
    assert need.kind == partners.offer_a.kind and need.people_needed == 6
    assert (need.starts_on, need.start_time, need.end_time) == (
        gathering.date,
        gathering.start_time,
        gathering.end_time,
    )
    assert need.event_id == gathering.event_id and need.status == NeedStatus.OPEN
    assert need.postcode == "SN10" and "Long Street, SN10" in need.description
    assert "Ada" not in need.description + need.title
    (message,) = mail.outbox
    assert message.to == ["help@church.example.org"]
    assert message.reply_to == [ORGANISER]
    assert partners.offer_a.title in message.subject

    # A second click asks nothing more; the organiser's page says it is asked.
    assert resident.post(ask).status_code == 302
    assert GatheringRequest.objects.count() == 1 and Need.objects.count() == 1
    html = client.get(manage).content.decode()
    assert "You asked" in html and "they will reply by e-mail" in html
    assert f'action="{ask}"' not in html

    # The offering organisation's members see it in their dashboard; the other's do not.
    client.force_login(partners.member_a)
    assert need.title in client.get("/dashboard/needs/").content.decode()
    client.force_login(partners.member_b)
    assert need.title not in client.get("/dashboard/needs/").content.decode()


def test_a_street_only_gathering_s_need_names_only_its_district(partners, resident):
    manage = resident.register_and_confirm(open_to_everyone="False")
    assert resident.post(f"{manage}ask/{partners.offer_b.pk}/").status_code == 302
    need = Need.objects.get()
    assert need.organisation_id == partners.org_b.pk
    assert "Long Street" not in need.description and need.event is None
    # Organisation B has no e-mail address: its dashboard is how it hears of it.
    assert not [message for message in mail.outbox if "asks for your offer" in message.subject]


def test_only_a_suggested_offer_can_be_asked_for(partners, resident, client):
    far = OfferFactory(organisation=partners.org_a, postcode="BA1 1LZ", radius_miles=1)
    manage = resident.register_and_confirm()
    assert resident.post(f"{manage}ask/{far.pk}/").status_code == 404
    assert resident.post(f"{manage}ask/999999/").status_code == 404
    assert client.get(f"{manage}ask/{partners.offer_a.pk}/").status_code == 405
    assert not Need.objects.exists()


def test_at_most_five_requests_a_gathering(partners, resident, client):
    offers = [OfferFactory(organisation=partners.org_a) for _ in range(asking.MAX_REQUESTS)]
    manage = resident.register_and_confirm()
    for offer in offers:
        assert resident.post(f"{manage}ask/{offer.pk}/").status_code == 302
    response = resident.post(f"{manage}ask/{partners.offer_a.pk}/")
    assert response.status_code == 429
    assert "5 offers at most" in response.content.decode()
    assert Need.objects.count() == asking.MAX_REQUESTS
    assert f"ask/{partners.offer_a.pk}/" not in client.get(manage).content.decode()


def test_cancelling_the_gathering_closes_its_needs(partners, resident):
    manage = resident.register_and_confirm()
    resident.post(f"{manage}ask/{partners.offer_a.pk}/")
    assert resident.post(manage + "cancel/").status_code == 302
    assert Need.objects.get().status == NeedStatus.CLOSED
