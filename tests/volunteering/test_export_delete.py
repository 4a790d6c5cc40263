"""A volunteer downloads everything the hub holds about them, and deletes it all at once."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from volunteering.models import ServiceRecord

from .conftest import CERTIFICATE

pytestmark = pytest.mark.django_db


def test_the_export_holds_every_field_the_volunteer_entered(client, passports):
    site = passports
    client.force_login(site.volunteer_a_user)
    response = client.get("/volunteer/export.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    passport = data["passport"]
    assert data["account"]["email"] == "priya@example.org"
    assert passport["display_name"] == "Priya"
    assert passport["postcode"] == "SN10 3BN"
    assert passport["travel_miles"] == 5
    assert passport["about"] == "I drive and cook."
    assert passport["languages"] == "English, Gujarati"
    assert passport["skills"] == ["Driving", "Cooking and food hygiene"]
    assert passport["other_skills"] == ["baking"]
    assert passport["availability"] == ["Saturday morning", "Sunday afternoon"]
    assert passport["away"] == [
        {"from": site.absence_a.starts_on.isoformat(), "back": site.absence_a.ends_on.isoformat()}
    ]
    (check,) = data["checks"]
    assert check["certificate_number"] == CERTIFICATE
    assert check["kind"] == "DBS enhanced check" and check["workforce"] == "Children and adults"
    assert data["shared_with"][0]["organisation"] == site.org_a.title
    assert {entry["hours"] for entry in data["record"]} == {"3.00", "2.50"}
    assert "Priya" in client.get("/volunteer/print/").content.decode()


def test_the_export_is_one_volunteer_in_a_fixed_number_of_queries(
    client, passports, django_assert_num_queries
):
    client.force_login(passports.volunteer_a_user)
    client.get("/volunteer/export.json")
    # 11, and one for each app that adds to the record (Neighbour Day's gatherings).
    with django_assert_num_queries(12):
        client.get("/volunteer/export.json")


def dump():
    out = io.StringIO()
    call_command("dumpdata", exclude=["django_rq"], stdout=out)  # rq: no tables
    return out.getvalue()


def test_deleting_the_account_erases_the_person_and_keeps_the_hours(client, passports):
    site = passports
    client.post(  # a failed sign-in: axes keeps the address typed
        "/accounts/login/", {"login": "priya@example.org", "password": "wrong"}
    )
    client.post(
        "/accounts/login/",
        {"login": "priya@example.org", "password": "correct horse battery staple"},
    )
    client.force_login(site.volunteer_a_user)
    client.get("/volunteer/print/")
    before = ServiceRecord.objects.filter(organisation=site.org_a).aggregate(Sum("hours"))
    assert "priya@example.org" in dump()
    response = client.post("/volunteer/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert "not your password" in response.content.decode()
    response = client.post("/volunteer/delete/", {"password": "correct horse battery staple"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=site.volunteer_a_user.pk).exists()
    everything = dump()
    for private in ("priya@example.org", "Priya", "SN10 3BN", "I drive and cook", "Gujarati"):
        assert private not in everything, private
    after = ServiceRecord.objects.filter(organisation=site.org_a).aggregate(Sum("hours"))
    assert after == before
    assert ServiceRecord.objects.filter(volunteer__isnull=True).count() == 2
    # Signed out, and the other volunteer is untouched.
    assert client.get("/volunteer/")["Location"].startswith("/accounts/login/")
    assert "tom@example.org" in everything
