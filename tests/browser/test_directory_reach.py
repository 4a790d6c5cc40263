"""/offers/ searched by postcode on a phone: what serves the searcher's area from further away
is under its own heading, the list is labelled by it, and axe-core finds nothing serious."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree
from tests.search.test_reach import DEVIZES, build_reaching


@pytest.fixture
def reaching(transactional_db):
    return build_reaching(build_tree())


@pytest.mark.usefixtures("reaching")
def test_offers_serving_the_area_from_further_away_have_a_heading_of_their_own(phone_page):
    page = phone_page
    page.goto("/offers/")
    page.get_by_label("Postcode").fill(DEVIZES)
    page.get_by_label("Within").select_option(label="5 miles")
    page.get_by_role("button", name="Show offers").click()
    heading = page.get_by_role("heading", name="1 more serves your area from further away")
    expect(heading).to_be_visible()
    serving = page.get_by_role("list", name="1 more serves your area from further away")
    expect(serving.get_by_role("heading", name="Removal van")).to_be_visible()
    expect(serving.get_by_text("Serves your area (based 17.4 miles away)")).to_be_visible()
    expect(serving.get_by_role("heading", name="Tea urn")).to_have_count(0)
    assert_accessible(page)
