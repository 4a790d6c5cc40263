"""The passport's own pages: bad input, checks that expire by themselves, encryption at rest,
consent, the access list, and that nothing personal is ever cached."""

import datetime

import pytest
from django.db import connection

from volunteering.choices import CheckStatus
from volunteering.factories import CredentialFactory, VolunteerFactory
from volunteering.models import Credential, Share, Volunteer

from .conftest import CERTIFICATE

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
ABOUT = {
    "display_name": "Priya",
    "postcode": "SN10 3BN",
    "travel_miles": "5",
    "about": "I like cooking.",
    "languages": "English",
    "tags": "baking",
    "skills": ["driving", "cooking"],
    "causes": ["cares_loneliness"],
}


def error_for(response, field):
    """The error shown next to a field (the form keeps what was typed)."""
    form = response.context["form"]
    return " ".join(form.errors.get(field, []))


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(display_name="Priya", postcode="SN10 3BN")


@pytest.fixture
def signed_in(client, volunteer):
    client.force_login(volunteer.user)
    return client


def test_starting_a_passport_saves_everything_typed(client, db):
    user = VolunteerFactory.build().user
    user.save()
    client.force_login(user)
    assert client.get("/volunteer/")["Location"] == "/volunteer/about/"
    response = client.post("/volunteer/about/", {**ABOUT, "postcode": "sn10 3bn"})
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(user=user)
    assert (volunteer.postcode, volunteer.district) == ("SN10 3BN", "SN10")
    assert volunteer.skills == ["Driving", "Cooking and food hygiene"]
    assert volunteer.causes == ["Loneliness and isolation"]
    assert [tag.name for tag in volunteer.tags.all()] == ["baking"]
    assert volunteer.latitude is not None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"postcode": "ZZ99 9ZZ"}, "postcode", "find"),
        ({"postcode": "not a postcode"}, "postcode", "postcode"),
        ({"postcode": "SN10"}, "postcode", "full postcode"),
        ({"travel_miles": "0"}, "travel_miles", "greater than or equal to 1"),
        ({"travel_miles": "500"}, "travel_miles", "less than or equal to 25"),
        ({"travel_miles": ""}, "travel_miles", "online only"),
        ({"about": "x" * 50_000}, "about", "at most 1000"),
        ({"display_name": ""}, "display_name", "required"),
    ],
)
def test_bad_input_on_about_me_is_explained_next_to_the_field(
    signed_in, volunteer, change, field, message
):
    response = signed_in.post("/volunteer/about/", {**ABOUT, **change})
    assert response.status_code == 400
    assert message in error_for(response, field)
    html = response.content.decode()
    assert 'value="English"' in html  # the rest of what was typed is kept
    assert f'id="id_{field}_error"' in html
    assert Volunteer.objects.get(pk=volunteer.pk).about == ""


def test_travel_may_be_online_only(signed_in, volunteer):
    response = signed_in.post(
        "/volunteer/about/", {**ABOUT, "travel_miles": "", "online_only": "on"}
    )
    assert response.status_code == 302
    assert Volunteer.objects.get(pk=volunteer.pk).travel_label == "Online only"


def test_how_many_things_at_once_is_on_the_about_page_from_1_to_10(signed_in, volunteer):
    assert 'name="commitment_limit"' in signed_in.get("/volunteer/about/").text
    response = signed_in.post("/volunteer/about/", {**ABOUT, "commitment_limit": "11"})
    assert response.status_code == 400
    assert "less than or equal to 10" in response.text
    signed_in.post("/volunteer/about/", {**ABOUT, "commitment_limit": "5"})
    assert Volunteer.objects.get(pk=volunteer.pk).commitment_limit == 5
    signed_in.post("/volunteer/about/", ABOUT)  # left out: kept
    assert Volunteer.objects.get(pk=volunteer.pk).commitment_limit == 5


CHECK = {
    "kind": "dbs_enhanced",
    "workforce": "children",
    "issued_on": (TODAY - datetime.timedelta(days=30)).isoformat(),
    "expires_on": "",
    "update_service": "on",
    "number": "0012 3456 7890",
}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"issued_on": (TODAY + datetime.timedelta(days=3)).isoformat()}, "issued_on", "future"),
        (
            {"expires_on": (TODAY - datetime.timedelta(days=60)).isoformat()},
            "expires_on",
            "after the issue date",
        ),
        ({"number": "12345"}, "number", "12 digits"),
        ({"number": "00123456789X"}, "number", "12 digits"),
        ({"number": ""}, "number", "12 digits"),
        ({"workforce": ""}, "workforce", "work with"),
        ({"kind": "pvg", "number": "123"}, "number", "16 digits"),
        ({"issued_on": "31/02/2024"}, "issued_on", "valid date"),
        ({"kind": "passport"}, "kind", "valid choice"),
    ],
)
def test_bad_checks_are_explained_next_to_the_field(signed_in, volunteer, change, field, message):
    response = signed_in.post("/volunteer/checks/add/", {**CHECK, **change})
    assert response.status_code == 400
    assert message in error_for(response, field)
    assert not volunteer.credentials.exists()


def test_a_check_is_stored_encrypted_and_shown_by_its_last_four_digits(signed_in, volunteer):
    assert signed_in.post("/volunteer/checks/add/", CHECK).status_code == 302
    credential = volunteer.credentials.get()
    assert credential.number == CERTIFICATE
    assert credential.number_last4 == "7890"
    with connection.cursor() as cursor:
        cursor.execute("SELECT number_token FROM volunteering_credential")
        (stored,) = cursor.fetchone()
    assert CERTIFICATE not in stored and "7890" not in stored
    page = signed_in.get("/volunteer/").content.decode()
    assert "ending 7890" in page and CERTIFICATE not in page
    assert credential.status() == CheckStatus.SELF_DECLARED


def test_a_check_past_its_expiry_is_expired_without_any_job(signed_in, volunteer):
    fresh = CredentialFactory(volunteer=volunteer, expires_on=TODAY)
    old = CredentialFactory(
        volunteer=volunteer,
        kind="first_aid",
        workforce="",
        issued_on=TODAY - datetime.timedelta(days=1200),
        expires_on=TODAY - datetime.timedelta(days=1),
        verified_at=datetime.datetime.now(datetime.UTC),
    )
    assert old.status() == CheckStatus.EXPIRED
    assert fresh.status() == CheckStatus.SELF_DECLARED
    assert list(Credential.objects.valid()) == [fresh]
    assert old.status(today=TODAY - datetime.timedelta(days=2)) == CheckStatus.VERIFIED
    page = signed_in.get("/volunteer/").content.decode()
    assert 'check-status--expired">Expired' in page


def test_the_reserve_is_opt_in(signed_in, volunteer):
    assert not volunteer.reserve
    signed_in.post("/volunteer/reserve/", {"reserve": "yes"})
    volunteer.refresh_from_db()
    assert volunteer.reserve and volunteer.reserve_joined_at
    signed_in.post("/volunteer/reserve/", {"reserve": "no"})
    volunteer.refresh_from_db()
    assert not volunteer.reserve
    assert signed_in.get("/volunteer/reserve/").status_code == 405


def test_availability_and_dates_away(signed_in, volunteer):
    signed_in.post("/volunteer/availability/", {"slots": ["mon_morning", "sun_evening", "x"]})
    volunteer.refresh_from_db()
    assert volunteer.availability == ["sat_morning", "sun_afternoon"]  # "x" refused it all
    signed_in.post("/volunteer/availability/", {"slots": ["sun_evening", "mon_morning"]})
    volunteer.refresh_from_db()
    assert volunteer.availability == ["mon_morning", "sun_evening"]
    back_before_going = {"starts_on": "2030-05-10", "ends_on": "2030-05-01"}
    response = signed_in.post("/volunteer/availability/away/", back_before_going)
    assert response.status_code == 400
    assert "after the day you go" in response.content.decode()
    signed_in.post(
        "/volunteer/availability/away/", {"starts_on": "2030-05-01", "ends_on": "2030-05-10"}
    )
    assert volunteer.absences.count() == 1


def test_my_record_totals_per_organisation_and_year(client, passports):
    client.force_login(passports.volunteer_a_user)
    html = client.get("/volunteer/record/").content.decode()
    assert "5.5 hours confirmed in all" in html
    years = {str((TODAY - datetime.timedelta(days=days)).year) for days in (10, 400)}
    assert all(year in html for year in years)
    assert "St Mary" in html


def test_sharing_needs_a_verified_email_address(client, db, tree):
    from tests.partners.conftest import build_partner_site

    site = build_partner_site(tree)
    volunteer = VolunteerFactory(user__verified=False)
    client.force_login(volunteer.user)
    response = client.post("/volunteer/sharing/", {"organisation": site.org_a.pk, "role": "Help"})
    assert response.status_code == 400
    assert "confirm your e-mail address" in response.content.decode()
    assert not Share.objects.exists()


def test_a_share_can_be_withdrawn_and_the_organisation_then_sees_nothing(client, passports):
    site = passports
    client.force_login(site.member_a)
    assert client.get(f"/dashboard/volunteers/{site.share_a.pk}/").status_code == 200
    client.force_login(site.volunteer_a_user)
    client.post(f"/volunteer/sharing/{site.share_a.pk}/withdraw/")
    client.force_login(site.member_a)
    assert client.get(f"/dashboard/volunteers/{site.share_a.pk}/").status_code == 404
    assert "Priya" not in client.get("/dashboard/volunteers/").content.decode()


def test_an_organisation_sees_only_what_was_shared(client, passports):
    site = passports
    Share.objects.filter(pk=site.share_a.pk).update(
        include_checks=False, include_email=False, include_availability=False
    )
    client.force_login(site.member_a)
    html = client.get(f"/dashboard/volunteers/{site.share_a.pk}/").content.decode()
    assert "Priya" in html and "SN10" in html
    for private in ("priya@example.org", "SN10 3BN", "7890", "Saturday", CERTIFICATE):
        assert private not in html, private
    client.force_login(site.volunteer_a_user)
    listing = client.get("/volunteer/sharing/").content.decode()
    assert "opened your passport" in listing and "St Mary" in listing


def test_verifying_is_only_for_kinds_the_organisation_may_verify(client, passports):
    site = passports
    first_aid = CredentialFactory(volunteer=site.volunteer_a, kind="food_hygiene", workforce="")
    client.force_login(site.member_a)
    url = f"/dashboard/volunteers/{site.share_a.pk}/checks/{first_aid.pk}/verify/"
    assert client.post(url).status_code == 403
    assert client.get(url.replace("verify", "verify")).status_code == 405
    assert client.post(url.replace("/verify/", "/approve/")).status_code == 404
    # Another volunteer's check through A's share: not found.
    other = f"/dashboard/volunteers/{site.share_a.pk}/checks/{site.check_b.pk}/verify/"
    assert client.post(other).status_code == 404
    # Organisation B, shared with too but allowed to verify nothing: refused.
    share_b = Share.objects.create(volunteer=site.volunteer_a, organisation=site.org_b, role="x")
    client.force_login(site.member_b)
    url_b = f"/dashboard/volunteers/{share_b.pk}/checks/{site.check_a.pk}/verify/"
    assert client.post(url_b).status_code == 403
    # A verifies, and B may not take A's verification back.
    client.force_login(site.member_a)
    client.post(f"/dashboard/volunteers/{site.share_a.pk}/checks/{site.check_a.pk}/verify/")
    check = Credential.objects.get(pk=site.check_a.pk)
    assert check.status() == CheckStatus.VERIFIED
    assert (check.verified_by, check.verified_organisation) == (site.member_a, site.org_a)
    client.force_login(site.member_b)
    assert client.post(url_b.replace("verify", "unverify")).status_code == 403
    client.force_login(site.volunteer_a_user)
    assert "verified your DBS enhanced check" in client.get("/volunteer/sharing/").content.decode()


def test_forms_need_the_csrf_token(passports):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(passports.volunteer_a_user)
    assert client.post("/volunteer/reserve/", {"reserve": "yes"}).status_code == 403
    client.force_login(passports.member_a)
    url = f"/dashboard/volunteers/{passports.share_a.pk}/checks/{passports.check_a.pk}/verify/"
    assert client.post(url).status_code == 403
    assert Credential.objects.get(pk=passports.check_a.pk).verified_at is None


@pytest.mark.parametrize(
    "url",
    ["/volunteer/", "/volunteer/sharing/", "/volunteer/export.json", "/volunteer/print/"],
)
def test_passport_pages_are_never_cached(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert response["X-Page-Cache"] == "skip"


def test_the_dashboard_pages_are_never_cached(client, passports):
    client.force_login(passports.member_a)
    response = client.get(f"/dashboard/volunteers/{passports.share_a.pk}/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_passport_page_makes_a_fixed_number_of_queries(
    client, passports, django_assert_max_num_queries
):
    client.force_login(passports.volunteer_a_user)
    client.get("/volunteer/")
    for number in range(5):
        CredentialFactory(volunteer=passports.volunteer_a, number=f"00000000000{number}")
    # 16, 7 for the opportunities that fit (needs.fits: a fixed number too), and one for
    # each app that adds to the record (Neighbour Day's gatherings).
    with django_assert_max_num_queries(24) as first:
        client.get("/volunteer/")
    for number in range(5):
        CredentialFactory(volunteer=passports.volunteer_a, number=f"00000000001{number}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/volunteer/")


def test_the_dashboard_menu_leads_members_to_the_passports_shared_with_them(client, passports):
    """The partner dashboard's own layout lists the volunteers' section (partners knows no
    volunteering: the section registers itself in the menu)."""
    client.force_login(passports.member_a)
    html = client.get("/dashboard/").content.decode()
    menu = html.split('aria-label="Dashboard"', 1)[1].split("</nav>", 1)[0]
    assert (
        '<a class="dashboard-nav__link" href="/dashboard/volunteers/">Volunteers who shared</a>'
        in menu
    )
    shared = client.get("/dashboard/volunteers/").content.decode()
    assert 'href="/dashboard/volunteers/" aria-current="page"' in shared
