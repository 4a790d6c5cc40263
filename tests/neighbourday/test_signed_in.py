"""A signed-in volunteer registers without the e-mail round trip: confirmed at once with
their account's verified address, and listed in their passport's record with its
management link."""

import re

import pytest
from django.core import mail

from neighbourday.choices import Status
from neighbourday.models import Gathering
from tests.partners.conftest import build_partner_site
from tests.volunteering.conftest import build_passports
from volunteering.factories import VolunteerFactory

from .conftest import form_data, links_in

pytestmark = pytest.mark.django_db

MANAGE_LINK = re.compile(r'href="(/neighbour-day/manage/[^/"]+/)"')
HEADING = re.compile(r"<h[23]>Neighbour Day gatherings</h[23]>")


@pytest.fixture
def organiser(resident, client):
    volunteer = VolunteerFactory(display_name="Priya", user__email="priya@example.org")
    client.force_login(volunteer.user)
    return volunteer


def test_a_signed_in_volunteer_registers_without_the_e_mail_round_trip(
    organiser, resident, client, nd
):
    form = client.get("/neighbour-day/register/").content.decode()
    assert 'name="organiser_email"' not in form and 'name="organiser_name"' not in form
    assert "priya@example.org" in form and "confirmed as soon as you register" in form

    # What is posted for the organiser is ignored: the account says who they are.
    response = resident.register(organiser_email="someone.else@example.org")
    assert response.status_code == 302
    manage, done = response["Location"].split("?")
    assert done == "done=confirmed"
    gathering = Gathering.objects.get()
    assert gathering.status == Status.CONFIRMED and gathering.confirmed_at is not None
    assert gathering.volunteer == organiser
    assert gathering.organiser_email == "priya@example.org"
    assert gathering.organiser_name == "Priya"
    assert gathering.event is not None and gathering.event.live
    (message,) = mail.outbox
    assert message.to == ["priya@example.org"]
    assert "registered" in message.subject
    assert [link.startswith("/neighbour-day/manage/") for link in links_in(message)] == [True]
    assert (
        "Thank you: your gathering is confirmed."
        in client.get(response["Location"]).content.decode()
    )


def test_the_gathering_is_in_the_passport_record_with_a_link_to_manage_it(
    organiser, resident, client
):
    resident.register()
    resident.register(
        open_to_everyone="False", street="Quiet Close", postcode="SN10 1AE", kind="driveways"
    )
    gatherings = list(Gathering.objects.order_by("pk"))
    for address in ("/volunteer/", "/volunteer/record/"):
        html = client.get(address).content.decode()
        assert HEADING.search(html)
        for gathering in gatherings:
            assert gathering.title in html
        links = MANAGE_LINK.findall(html)
        assert len(links) == 2
        pages = [client.get(link) for link in links]
        assert all(page.status_code == 200 for page in pages)
        shown = {page.context["gathering"].pk for page in pages}
        assert shown == {gathering.pk for gathering in gatherings}

    # And in the download of everything the hub holds about them.
    exported = client.get("/volunteer/export.json").json()["elsewhere"]
    assert [row["title"] for row in exported["Neighbour Day gatherings"]] == [
        gathering.title for gathering in reversed(gatherings)
    ]

    # Cancelled, it stays in the record, marked so.
    manage = MANAGE_LINK.findall(client.get("/volunteer/record/").content.decode())[0]
    assert resident.post(manage + "cancel/").status_code == 302
    assert "cancelled by the organiser" in client.get("/volunteer/record/").content.decode()


def test_another_volunteer_sees_none_of_it(organiser, resident, client):
    resident.register()
    other = VolunteerFactory()
    client.force_login(other.user)
    html = client.get("/volunteer/record/").content.decode()
    assert not HEADING.search(html)
    assert not MANAGE_LINK.findall(html)


def test_without_a_verified_address_the_link_is_e_mailed_as_for_anyone(resident, client, nd):
    volunteer = VolunteerFactory(user__verified=False)
    client.force_login(volunteer.user)
    assert 'name="organiser_email"' in client.get("/neighbour-day/register/").content.decode()
    assert resident.register().status_code == 302
    gathering = Gathering.objects.get()
    assert gathering.status == Status.UNCONFIRMED and gathering.volunteer is None
    assert gathering.organiser_email == form_data(nd.day)["organiser_email"]


def test_the_limits_and_the_duplicate_rule_hold_for_the_account_address(organiser, resident):
    assert resident.register().status_code == 302
    response = resident.register()
    assert response.status_code == 409
    assert "already registered" in response.content.decode()
    assert Gathering.objects.count() == 1


def test_an_organisation_the_passport_is_shared_with_never_gets_the_links(resident, client, nd):
    """The record an organisation sees of a shared passport has no management links."""
    passports = build_passports(build_partner_site(nd))
    client.force_login(passports.volunteer_a_user)
    assert resident.register().status_code == 302
    own = client.get("/volunteer/record/").content.decode()
    assert len(MANAGE_LINK.findall(own)) == 1
    client.force_login(passports.member_a)
    shared = client.get(f"/dashboard/volunteers/{passports.share_a.pk}/")
    assert shared.status_code == 200
    html = shared.content.decode()
    assert "Lunch club driver" in html  # the record is shared...
    assert not MANAGE_LINK.findall(html) and not HEADING.search(html)  # ...not the gathering
