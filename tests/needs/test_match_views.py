"""Suggestions, offers for needs and introductions in the partner dashboard: who may see and
do what (anonymous, a volunteer, members of A and B, a moderator, an administrator), what a
suggestion shows of a person, and the introduction's steps with their e-mails."""

import datetime

import pytest
from django.core import mail

from needs import matching
from needs.choices import ApplicationStatus
from needs.factories import ApplicationFactory, NeedFactory
from needs.models import Introduction, IntroductionStatus
from partners.choices import OfferKind
from partners.factories import OfferFactory
from tests.partners.conftest import build_partner_site
from volunteering.factories import CredentialFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "volunteer", "member_a", "member_b", "moderator", "admin"]
SATURDAY = datetime.date.today() + datetime.timedelta(
    days=3 + (5 - (datetime.date.today().weekday() + 3)) % 7
)
CERTIFICATE = "001122334455"


@pytest.fixture
def site(tree):
    site = build_partner_site(tree)
    site.need = NeedFactory(organisation=site.org_a, title="Lunch club helpers", starts_on=SATURDAY)
    site.priya = VolunteerFactory(
        display_name="Priya Sharma",
        postcode="SN10 3BN",
        user__email="priya.sharma@example.org",
        cooking=True,
    )
    CredentialFactory(volunteer=site.priya, number=CERTIFICATE)
    site.volunteer_user = VolunteerFactory(availability=["mon_evening"]).user
    site.hall_need = NeedFactory(
        organisation=site.org_a, kind=OfferKind.VENUE, title="A hall for the party"
    )
    site.hall = OfferFactory(
        organisation=site.org_b, kind=OfferKind.VENUE, title="Mosque hall", radius_miles=3
    )
    site.org_b.phone = "01380 123456"
    site.org_b.save_revision().publish()
    return site


def client_for(client, site, role):
    user = {
        "anonymous": None,
        "volunteer": site.volunteer_user,
        "member_a": site.member_a,
        "member_b": site.member_b,
        "moderator": site.moderator,
        "admin": site.admin,
    }[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_only_members_of_the_needs_organisation_see_its_suggestions(client, site, role):
    client = client_for(client, site, role)
    response = client.get(f"/dashboard/needs/{site.need.pk}/suggestions/")
    expected = {"anonymous": 302, "member_a": 200}.get(role, 404)
    assert response.status_code == expected
    assert ("Priya" in response.content.decode()) is (expected == 200)
    if expected == 302:
        assert response["Location"].startswith("/dashboard/login/")


def test_a_suggestion_shows_a_first_name_a_band_a_district_and_what_matches_only(client, site):
    client.force_login(site.member_a)
    page = client.get(f"/dashboard/needs/{site.need.pk}/suggestions/").content.decode()
    assert "Priya" in page and "SN10" in page
    assert any(label in page for _miles, label in matching.BANDS)
    for private in ("Sharma", "priya.sharma@example.org", "SN10 3BN", CERTIFICATE):
        assert private not in page
    assert (
        "no-store" in client.get(f"/dashboard/needs/{site.need.pk}/suggestions/")["Cache-Control"]
    )


def test_a_volunteer_who_applied_is_no_longer_a_suggestion(client, site):
    ApplicationFactory(need=site.need, volunteer=site.priya, status=ApplicationStatus.APPLIED)
    client.force_login(site.member_a)
    page = client.get(f"/dashboard/needs/{site.need.pk}/suggestions/").content.decode()
    assert "Priya" not in page


@pytest.mark.parametrize("role", ROLES)
def test_only_members_of_the_needs_organisation_see_and_ask_for_offers(client, site, role):
    client = client_for(client, site, role)
    expected = {"anonymous": 302, "member_a": 200}.get(role, 404)
    response = client.get(f"/dashboard/needs/{site.hall_need.pk}/offers/")
    assert response.status_code == expected
    assert ("Mosque hall" in response.content.decode()) is (expected == 200)
    response = client.post(f"/dashboard/needs/{site.hall_need.pk}/offers/{site.hall.pk}/introduce/")
    assert response.status_code == (302 if expected == 200 else expected)
    assert Introduction.objects.exists() is (role == "member_a")


@pytest.mark.parametrize("role", ROLES)
def test_only_members_of_the_offers_organisation_introduce_it_and_decide(client, site, role):
    client = client_for(client, site, role)
    expected = {"anonymous": 302, "member_b": 302}.get(role, 404)
    response = client.post(
        f"/dashboard/needs/for-your-offers/{site.hall.pk}/{site.hall_need.pk}/introduce/"
    )
    assert response.status_code == expected
    assert Introduction.objects.filter(status="accepted").exists() is (role == "member_b")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_offering_side_accepts_a_proposed_introduction(client, site, role):
    introduction = Introduction.objects.create(
        need=site.hall_need, offer=site.hall, proposed_by=site.member_a
    )
    client = client_for(client, site, role)
    response = client.post(f"/dashboard/needs/introductions/{introduction.pk}/accept/")
    assert response.status_code == {"anonymous": 302, "member_b": 302}.get(role, 404)
    introduction.refresh_from_db()
    assert introduction.accepted is (role == "member_b")


def test_forged_and_guessed_requests_are_refused(client, site):
    client.force_login(site.member_a)
    far = OfferFactory(organisation=site.org_b, kind=OfferKind.VENUE, postcode="LS1 1UR")
    url = f"/dashboard/needs/{site.hall_need.pk}/offers/{far.pk}/introduce/"
    assert client.post(url).status_code == 404  # an offer that does not meet the need
    url = f"/dashboard/needs/for-your-offers/{site.offer_a.pk}/{site.hall_need.pk}/introduce/"
    assert client.post(url).status_code == 404  # their own offer of volunteers
    url = f"/dashboard/needs/{site.hall_need.pk}/offers/{site.hall.pk}/introduce/"
    assert client.get(url).status_code == 405
    assert client.post("/dashboard/needs/introductions/99999/accept/").status_code == 404
    assert not Introduction.objects.exists()


def test_an_introduction_shares_contacts_only_once_the_offering_side_accepts(
    client, site, django_capture_on_commit_callbacks
):
    site.member_a.first_name, site.member_a.last_name = "Anne", "Archer"
    site.member_a.save()
    mail.outbox.clear()
    client.force_login(site.member_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/needs/{site.hall_need.pk}/offers/{site.hall.pk}/introduce/")
    (asked,) = mail.outbox
    assert asked.to == ["member-b@example.org"] and "A hall for the party" in asked.body
    assert "member-a@example.org" not in asked.body
    page = client.get("/dashboard/needs/introductions/").content.decode()
    assert "Waiting for the offering organisation" in page and "01380 123456" not in page

    client.force_login(site.member_b)
    page = client.get("/dashboard/needs/introductions/").content.decode()
    assert "member-a@example.org" not in page and "Accept and share contacts" in page
    introduction = Introduction.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/needs/introductions/{introduction.pk}/accept/")
    page = client.get("/dashboard/needs/introductions/").content.decode()
    assert "Anne Archer" in page and "member-a@example.org" in page

    client.force_login(site.member_a)
    page = client.get("/dashboard/needs/introductions/").content.decode()
    assert "member-b@example.org" in page and "01380 123456" in page
    told_a, told_b = mail.outbox[1:]
    assert told_a.to == ["member-a@example.org"] and "member-b@example.org" in told_a.body
    assert told_b.to == ["member-b@example.org"] and "member-a@example.org" in told_b.body


def test_a_declined_introduction_is_kept_and_not_asked_again(
    client, site, django_capture_on_commit_callbacks
):
    client.force_login(site.member_a)
    url = f"/dashboard/needs/{site.hall_need.pk}/offers/{site.hall.pk}/introduce/"
    client.post(url)
    client.force_login(site.member_b)
    introduction = Introduction.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/needs/introductions/{introduction.pk}/decline/")
    assert mail.outbox[0].to == ["member-a@example.org"] and "declined" in mail.outbox[0].subject
    client.force_login(site.member_a)
    client.post(url)
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.DECLINED
    assert introduction.decided_by == site.member_b and introduction.decided_at
    page = client.get("/dashboard/needs/introductions/").content.decode()
    assert "Declined by the offering organisation" in page and "member-b@example.org" not in page


def test_the_offering_side_sees_the_needs_its_offers_could_meet(client, site):
    client.force_login(site.member_b)
    page = client.get("/dashboard/needs/for-your-offers/").content.decode()
    assert "Mosque hall" in page and "A hall for the party" in page
    client.force_login(site.member_a)
    page = client.get("/dashboard/needs/for-your-offers/").content.decode()
    assert "A hall for the party" not in page


def test_the_passport_shows_opportunities_that_fit_with_why(client, site):
    client.force_login(site.priya.user)
    page = client.get("/volunteer/").content.decode()
    assert "Opportunities that fit you" in page
    assert "Lunch club helpers" in page and "free Saturday mornings" in page
    client.force_login(site.volunteer_user)
    page = client.get("/volunteer/").content.decode()
    assert "Lunch club helpers" not in page  # lives in SN10 1AB too, but is not free then


def test_the_public_list_marks_what_fits_the_signed_in_volunteer_only(client, site):
    assert "Fits you" not in client.get("/volunteer/opportunities/").content.decode()
    client.force_login(site.priya.user)
    response = client.get("/volunteer/opportunities/")
    page = response.content.decode()
    assert page.count("Fits you") == 1 and "free Saturday mornings" in page
    assert "public" not in response.get("Cache-Control", "")
    client.force_login(site.volunteer_user)
    assert "Fits you" not in client.get("/volunteer/opportunities/").content.decode()
