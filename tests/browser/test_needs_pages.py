"""In a real browser: a member of St Mary's posts a need in the partner dashboard (a
mistake explained, what was typed kept), and a resident finds it near SN10 1AB at
/volunteer/opportunities/ and opens its page. axe-core checks every page on the way."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree
from tests.partners.conftest import PASSWORD, build_partner_site


@pytest.fixture
def partners(transactional_db):
    return build_partner_site(build_tree())


def test_a_member_posts_a_need_and_a_resident_finds_it(
    browser, browser_page, live_server, partners
):
    page = browser_page
    saturday = datetime.date.today() + datetime.timedelta(days=10)

    page.goto("/dashboard/login/")
    page.get_by_label("Username").fill("member-a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.get_by_role("link", name="Post a need").first.click()
    page.wait_for_url("**/dashboard/needs/new/")
    assert_accessible(page)
    page.get_by_label("Volunteers").check()
    page.get_by_label("Title").fill("Soup kitchen helpers")
    page.get_by_label("Description").fill("Chop, stir and serve soup on Saturday.")
    page.get_by_label("How many people").fill("0")
    page.get_by_label("Postcode of the place").fill("SN10 1AB")
    page.get_by_label("On a date").check()
    page.get_by_label("Date", exact=True).fill(saturday.isoformat())
    page.get_by_label("From").fill("11:00")
    page.get_by_label("Until").fill("10:00")
    page.get_by_role("button", name="Post this need").click()
    expect(page.get_by_text("It ends before it starts").first).to_be_visible()
    assert page.get_by_label("Title").input_value() == "Soup kitchen helpers"
    assert_accessible(page)
    page.get_by_label("How many people").fill("3")
    page.get_by_label("Until").fill("14:00")
    page.get_by_role("button", name="Post this need").click()
    expect(page.get_by_text("is posted")).to_be_visible()
    expect(page.get_by_text("Posted the need")).to_be_visible()
    assert_accessible(page)

    resident = browser.new_context(base_url=live_server.url)
    visitor = resident.new_page()
    visitor.goto("/volunteer/opportunities/")
    assert_accessible(visitor)
    visitor.get_by_label(re.compile("Near")).fill("SN10 1AB")
    visitor.get_by_role("button", name="Show opportunities").click()
    expect(visitor.get_by_role("link", name="Soup kitchen helpers")).to_be_visible()
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Soup kitchen helpers").click()
    expect(visitor.get_by_role("heading", name="Soup kitchen helpers")).to_be_visible()
    assert_accessible(visitor)
    resident.close()
