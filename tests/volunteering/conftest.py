"""Two volunteers (A shares with organisation A; B shares with nobody) and the people of the
partners' permission matrix."""

import datetime
import logging
import re

import pytest

from tests.partners.conftest import build_partner_site
from volunteering.factories import CredentialFactory, VolunteerFactory
from volunteering.models import Absence, CheckVerifier, ServiceRecord, Share

CERTIFICATE = "001234567890"
CERTIFICATE_B = "009876543210"


# A certificate number: a run of 12 (DBS) or 16 (PVG) digits.
NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{16})(?!\d)")


@pytest.fixture(autouse=True)
def _no_certificate_number_is_logged(caplog):
    """Every log record of every passport test, at every level, is searched for numbers."""
    caplog.set_level(logging.DEBUG)
    yield
    logged = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    assert not NUMBER.search(logged), "a certificate number was logged"


def build_passports(site):
    today = datetime.date.today()
    site.volunteer_a = VolunteerFactory(
        display_name="Priya",
        postcode="SN10 3BN",
        user__email="priya@example.org",
        about="I drive and cook.",
        driving=True,
        cooking=True,
        languages="English, Gujarati",
    )
    site.volunteer_a.tags.add("baking")
    site.volunteer_b = VolunteerFactory(
        display_name="Tom", postcode="SN10 2AT", user__email="tom@example.org"
    )
    site.check_a = CredentialFactory(volunteer=site.volunteer_a, number=CERTIFICATE)
    site.check_b = CredentialFactory(volunteer=site.volunteer_b, number=CERTIFICATE_B)
    site.absence_a = Absence.objects.create(
        volunteer=site.volunteer_a,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=44),
    )
    site.share_a = Share.objects.create(
        volunteer=site.volunteer_a, organisation=site.org_a, role="Lunch club driver"
    )
    CheckVerifier.objects.create(
        organisation=site.org_a, may_verify_dbs_enhanced=True, may_verify_first_aid=True
    )
    site.hours_a = ServiceRecord.objects.create(
        volunteer=site.volunteer_a,
        organisation=site.org_a,
        role="Lunch club driver",
        date=today - datetime.timedelta(days=400),
        hours=3,
        confirmed_at=datetime.datetime.now(datetime.UTC),
    )
    ServiceRecord.objects.create(
        volunteer=site.volunteer_a,
        organisation=site.org_a,
        role="Lunch club driver",
        date=today - datetime.timedelta(days=10),
        hours="2.5",
        confirmed_at=datetime.datetime.now(datetime.UTC),
    )
    site.volunteer_a_user = site.volunteer_a.user
    site.volunteer_b_user = site.volunteer_b.user
    return site


@pytest.fixture
def passports(tree):
    return build_passports(build_partner_site(tree))
