"""The partner dashboard on a 390 x 844 phone: the offers table stacks into cards, so nothing
runs off the side of the screen."""

import pytest
from playwright.sync_api import expect

from partners.factories import OfferFactory
from partners.sections import add_editor
from tests.browser.conftest import assert_accessible, watched_page
from tests.conftest import build_tree
from tests.partners.conftest import PASSWORD, make_user


@pytest.fixture
def member(transactional_db):
    tree = build_tree()
    user = make_user("ruth", first_name="Ruth")
    add_editor(tree.organisation, user)
    for title in ("Church hall for 80, with a kitchen and a stage", "Minibus on Saturdays"):
        OfferFactory(organisation=tree.organisation, title=title)
    return user


def test_the_offers_table_stacks_into_cards_on_a_phone(browser, live_server, member, tmp_path):
    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    with watched_page(browser, live_server, **options) as page:
        page.goto("/dashboard/login/")
        page.get_by_label("Username").fill("ruth")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your offers")).to_be_visible()
        expect(page.get_by_role("link", name="Minibus on Saturdays")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        row = page.locator(".offer-table tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.screenshot(path=tmp_path / "dashboard-phone.png", full_page=True)
        assert_accessible(page)
