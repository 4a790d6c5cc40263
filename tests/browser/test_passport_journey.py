"""A resident on a phone, in a real browser: signs up, verifies the e-mail address, fills in
the Volunteer Passport (skills, availability, a DBS check), joins the Reserve, shares it
with an organisation and downloads their data; a member of that organisation verifies the
check. axe-core checks every passport page on the way."""

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible
from tests.conftest import build_tree
from tests.partners.conftest import PASSWORD, build_partner_site
from volunteering.models import CheckVerifier, Credential, Volunteer

SECRET = "a long and unusual passphrase 42"
CERTIFICATE = "001234567890"


@pytest.fixture
def partners(transactional_db):
    site = build_partner_site(build_tree())
    CheckVerifier.objects.create(organisation=site.org_a, may_verify_dbs_enhanced=True)
    return site


def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, **PHONE)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_a_resident_builds_a_passport_and_an_organisation_verifies_the_check(
    browser, browser_page, live_server, partners
):
    context, page = phone(browser, live_server)
    mail.outbox.clear()

    # 1. Sign up, with the age confirmation, and follow the link in the e-mail.
    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("Email").fill("robin@example.org")
    page.get_by_label("Password", exact=True).fill(SECRET)
    page.get_by_label("Password (again)").fill(SECRET)
    page.get_by_label("I am 16 or over").check()
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)[0]
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    # 2. Start the passport: about me and skills.
    page.wait_for_url("**/volunteer/about/")
    assert_accessible(page)
    page.get_by_label("Name to show").fill("Robin")
    page.get_by_label("Postcode").fill("sn10 3bn")
    page.get_by_label("How far you will travel (miles)").fill("500")
    page.get_by_label("Driving").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("less than or equal to 25").first).to_be_visible()  # kept, explained
    assert page.get_by_label("Name to show").input_value() == "Robin"
    assert_accessible(page)
    page.get_by_label("How far you will travel (miles)").fill("5")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/volunteer/")
    assert_accessible(page)

    # 3. When they are free.
    page.get_by_role("link", name="Change when I am free").click()
    page.wait_for_url("**/volunteer/availability/")
    assert_accessible(page)
    page.get_by_label("Saturday morning").check()
    page.get_by_label("Wednesday evening").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/volunteer/")

    # 4. A DBS check; the number is shown only by its last digits from now on.
    page.get_by_role("link", name="Add a check or certificate").click()
    page.wait_for_url("**/volunteer/checks/add/")
    assert_accessible(page)
    page.get_by_label("Check", exact=True).select_option("dbs_enhanced")
    page.get_by_label("Workforce").select_option("adults")
    page.get_by_label("Issue date").fill("2025-03-01")
    page.get_by_label("Certificate number").fill(CERTIFICATE)
    page.get_by_role("button", name="Add it").click()
    page.wait_for_url("**/volunteer/")
    expect(page.get_by_text("ending 7890")).to_be_visible()
    assert CERTIFICATE not in page.content()

    # 5. The Reserve, then sharing with St Mary's.
    page.get_by_role("button", name="Join the Volunteer Reserve").click()
    expect(page.get_by_text("you are in the Volunteer Reserve")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sharing").click()
    page.wait_for_url("**/volunteer/sharing/")
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(label="St Mary's Church")
    page.get_by_label("What you would like to help with").fill("Lunch club driver")
    page.get_by_role("button", name="Share my passport").click()
    expect(page.get_by_text("can now see your passport")).to_be_visible()

    # 6. Their data: the download, the printable passport, the record, the delete page.
    page.get_by_role("link", name="My passport").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download everything")).click()
    data = json.loads(open(download.value.path()).read())  # noqa: PTH123, SIM115
    assert data["checks"][0]["certificate_number"] == CERTIFICATE
    assert data["passport"]["volunteer_reserve"] is True
    for path in (
        "/volunteer/print/",
        "/volunteer/record/",
        "/volunteer/delete/",
        "/volunteer/privacy/",
    ):
        page.goto(path)
        assert_accessible(page)
    volunteer = Volunteer.objects.get(user__email="robin@example.org")
    assert volunteer.availability == ["wed_evening", "sat_morning"] and volunteer.reserve

    # 7. A member of St Mary's opens the passport and verifies the check.
    member_context, member = phone(browser, live_server)
    member.goto("/dashboard/login/")
    member.get_by_label("Username").fill("member-a")
    member.get_by_label("Password").fill(PASSWORD)
    member.get_by_role("button", name="Sign in").click()
    member.wait_for_url("**/dashboard/")
    member.goto("/dashboard/volunteers/")
    assert_accessible(member)
    member.get_by_role("link", name=re.compile("Robin")).click()
    member.wait_for_url(re.compile(r"/dashboard/volunteers/\d+/$"))
    assert_accessible(member)
    member.get_by_role("button", name="Verify DBS enhanced check").click()
    expect(member.get_by_text("marked as verified")).to_be_visible()
    assert_accessible(member)
    credential = Credential.objects.get(volunteer=volunteer)
    assert credential.status() == "verified"
    assert credential.verified_organisation == partners.org_a

    # 8. The volunteer sees who opened it and what they did.
    page.goto("/volunteer/sharing/")
    expect(page.get_by_text("verified your DBS enhanced check")).to_be_visible()
    page.goto("/volunteer/")
    expect(page.get_by_text(re.compile("Verified by St Mary"))).to_be_visible()
    member_context.close()
    context.close()
