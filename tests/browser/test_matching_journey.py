"""Matching in a real browser: a volunteer sees what fits them on the passport and on the
opportunities list; an organisation sees who fits its need; two organisations are introduced
through an offer and a need. axe-core checks every page on the way."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from needs.factories import NeedFactory
from partners.choices import OfferKind
from partners.factories import OfferFactory
from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree
from tests.partners.conftest import PASSWORD, build_partner_site
from volunteering.factories import VolunteerFactory

TODAY = datetime.date.today()
SATURDAY = TODAY + datetime.timedelta(days=3 + (5 - (TODAY.weekday() + 3)) % 7)


@pytest.fixture
def matched(transactional_db):
    site = build_partner_site(build_tree())
    site.need = NeedFactory(organisation=site.org_a, title="Lunch club helpers", starts_on=SATURDAY)
    site.hall_need = NeedFactory(
        organisation=site.org_a, kind=OfferKind.VENUE, title="A hall for the party"
    )
    OfferFactory(organisation=site.org_b, kind=OfferKind.VENUE, title="Mosque hall")
    VolunteerFactory(display_name="Priya", postcode="SN10 3BN", user__email="priya@example.org")
    return site


def sign_in_to_dashboard(page, username):
    page.goto("/dashboard/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


def test_volunteers_and_organisations_see_what_fits_them(browser, browser_page, matched):
    page = browser_page

    # 1. The volunteer: opportunities that fit, on the passport and on the list.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("priya@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url("**/volunteer/")
    expect(page.get_by_role("heading", name="Opportunities that fit you")).to_be_visible()
    expect(page.get_by_role("link", name="Lunch club helpers")).to_be_visible()
    assert_accessible(page)
    page.goto("/volunteer/opportunities/")
    expect(page.get_by_text("Fits you")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    # 2. The organisation with the need: who fits, and the offers that could meet the other.
    sign_in_to_dashboard(page, "member-a")
    page.goto(f"/dashboard/needs/{matched.need.pk}/")
    page.get_by_role("link", name="Volunteers who fit").click()
    expect(page.get_by_role("row", name=re.compile("Priya"))).to_be_visible()
    assert_accessible(page)
    page.goto(f"/dashboard/needs/{matched.hall_need.pk}/")
    page.get_by_role("link", name="Offers that could meet it").click()
    page.get_by_role("button", name=re.compile("Introduce us")).click()
    expect(page.get_by_text("Devizes Mosque is asked")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    # 3. The offering organisation accepts; its contacts and theirs are shared.
    sign_in_to_dashboard(page, "member-b")
    page.goto("/dashboard/needs/for-your-offers/")
    expect(page.get_by_text("A hall for the party")).to_be_visible()
    assert_accessible(page)
    page.goto("/dashboard/needs/introductions/")
    assert_accessible(page)
    page.get_by_role("button", name="Accept and share contacts").click()
    expect(page.get_by_text("member-a@example.org")).to_be_visible()
    assert_accessible(page)
