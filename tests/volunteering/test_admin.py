"""The moderators' list of volunteers: search by district, skill and valid check, never a
certificate number, a fixed number of queries; and the organisations that may verify."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from volunteering.factories import CredentialFactory, VolunteerFactory
from volunteering.models import CheckVerifier

from .conftest import CERTIFICATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(passports):
    site = passports
    VolunteerFactory(display_name="Leila", postcode="LS1 1UR", gardening=True)
    expired = VolunteerFactory(display_name="Olga", postcode="SN10 1AB", driving=True)
    CredentialFactory(
        volunteer=expired,
        issued_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2021, 1, 1),
    )
    return site


def names(response):
    html = response.content.decode()
    return {name for name in ("Priya", "Tom", "Leila", "Olga") if name in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Priya", "Tom", "Leila", "Olga"}),
        ("district=sn10", {"Priya", "Tom", "Olga"}),
        ("district=LS1+1UR", {"Leila"}),
        ("district=nonsense!", set()),
        ("skill=driving", {"Priya", "Olga"}),
        ("skill=driving&district=SN10", {"Priya", "Olga"}),
        ("check=dbs_enhanced", {"Priya", "Tom"}),  # Olga's has expired
        ("check=dbs_enhanced&skill=driving", {"Priya"}),
        ("reserve=true", set()),
    ],
)
def test_moderators_search_by_district_skill_and_check(client, listed, query, expected):
    client.force_login(listed.moderator)
    response = client.get(f"/admin/volunteers/?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_no_certificate_number_or_postcode_in_the_admin(client, listed):
    client.force_login(listed.moderator)
    for url in (
        "/admin/volunteers/",
        f"/admin/volunteers/inspect/{listed.volunteer_a.pk}/",
    ):
        html = client.get(url).content.decode()
        assert CERTIFICATE not in html and "SN10 3BN" not in html, url
        assert "priya@example.org" not in html, url
    inspect = client.get(f"/admin/volunteers/inspect/{listed.volunteer_a.pk}/").content.decode()
    assert "DBS enhanced check (self-declared)" in inspect


def test_the_list_makes_a_fixed_number_of_queries(client, listed, django_assert_num_queries):
    client.force_login(listed.moderator)
    url = "/admin/volunteers/?district=SN10&skill=driving"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(6):
        volunteer = VolunteerFactory(display_name=f"Extra{number}", driving=True)
        CredentialFactory(volunteer=volunteer, number=f"10000000000{number}")
    with django_assert_num_queries(len(before.captured_queries)):
        assert "Extra5" in client.get(url).content.decode()


def test_moderators_choose_which_checks_an_organisation_may_verify(client, listed):
    client.force_login(listed.moderator)
    response = client.post(
        "/admin/check_verifiers/new/",
        {"organisation": listed.org_b.pk, "may_verify_pvg": "on", "may_verify_accessni": "on"},
    )
    assert response.status_code == 302
    verifier = CheckVerifier.objects.get(organisation=listed.org_b)
    assert verifier.allows("pvg") and not verifier.allows("dbs_enhanced")
    listing = client.get("/admin/check_verifiers/").content.decode()
    assert "PVG scheme membership" in listing
