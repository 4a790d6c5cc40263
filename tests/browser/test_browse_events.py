import datetime

import pytest
from playwright.sync_api import expect

from events.choices import Category
from events.factories import EventPageFactory
from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree


@pytest.fixture
def site_with_events(transactional_db):
    tree = build_tree()
    soon = datetime.date.today() + datetime.timedelta(days=3)
    EventPageFactory(
        parent=tree.events,
        title="Litter pick on the canal",
        category=Category.ENVIRONMENT,
        start_date=soon,
        postcode="SN10 1AB",
    )
    EventPageFactory(
        parent=tree.events,
        title="Community lunch",
        category=Category.FOOD,
        start_date=soon,
        postcode="SN10 1AB",
    )
    return tree


def test_visitor_finds_and_opens_an_event(browser_page, site_with_events):
    page = browser_page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="What's on").click()
    page.wait_for_url("**/events/")
    expect(page.get_by_role("link", name="Litter pick on the canal")).to_be_visible()
    expect(page.get_by_role("link", name="Community lunch")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Category").select_option("environment")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url("**/events/?*category=environment*")
    expect(page.get_by_role("link", name="Litter pick on the canal")).to_be_visible()
    assert page.get_by_role("link", name="Community lunch").count() == 0

    page.get_by_role("link", name="Litter pick on the canal").click()
    page.wait_for_url("**/events/litter-pick-on-the-canal/")
    assert page.get_by_role("heading", level=1).inner_text() == "Litter pick on the canal"
    assert_accessible(page)
