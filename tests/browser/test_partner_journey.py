"""A faith group's editor and a moderator, in a real browser, from sign-in to a logged offer."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.models import EventPage
from partners.factories import OfferIndexPageFactory, PartnershipIndexPageFactory
from partners.models import Offer
from partners.sections import MODERATORS, add_editor
from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree
from tests.partners.conftest import PASSWORD, make_user


@pytest.fixture
def journey(transactional_db):
    tree = build_tree()
    PartnershipIndexPageFactory(parent=tree.home, show_in_menus=True)
    OfferIndexPageFactory(parent=tree.home, show_in_menus=True)
    tree.editor = make_user("ruth", first_name="Ruth")
    add_editor(tree.organisation, tree.editor)
    tree.moderator = make_user("mo")
    tree.moderator.groups.add(Group.objects.get(name=MODERATORS))
    return tree


def sign_in_to_admin(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url("**/admin/")


def test_editor_submits_moderator_approves_editor_logs_an_offer(
    browser, browser_page, live_server, journey
):
    page = browser_page
    organisation = journey.organisation

    # 1. The editor signs in to the admin and finds their own section.
    sign_in_to_admin(page, "ruth")
    page.goto("/admin/pages/")
    page.wait_for_url(f"**/admin/pages/{organisation.pk}/")
    expect(page.get_by_role("heading", name="St Mary's Church")).to_be_visible()
    assert page.get_by_role("link", name="Settings").count() == 0
    assert page.get_by_role("link", name="Users").count() == 0

    # 2. They add an event in their section and submit it for moderation.
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Event", exact=True).click()
    page.wait_for_url(f"**/admin/pages/add/events/eventpage/{organisation.pk}/")
    page.get_by_role("textbox", name="Title*").fill("Harvest supper")
    page.get_by_role("textbox", name="Summary*").fill("Soup, bread and good company.")
    page.locator("#id_start_date").fill("2030-09-20")
    page.locator("#id_start_time").fill("18:00")
    page.locator("#id_end_time").fill("20:00")
    page.get_by_role("textbox", name="Postcode").fill("SN10 1AB")
    page.get_by_role("combobox", name="Category*").select_option("food")
    assert page.get_by_role("button", name="Publish").count() == 0
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Moderators approval").click()
    page.wait_for_url(f"**/admin/pages/{organisation.pk}/")
    expect(page.get_by_text("submitted for moderation").first).to_be_visible()
    event = EventPage.objects.get(title="Harvest supper")
    assert not event.live and event.workflow_in_progress
    page.goto("/events/")
    assert page.get_by_role("link", name="Harvest supper").count() == 0

    # 3. A moderator approves it from their dashboard; it is live and listed.
    moderator_context = browser.new_context(base_url=live_server.url)
    moderator_context.set_default_timeout(15_000)
    moderator = moderator_context.new_page()
    sign_in_to_admin(moderator, "mo")
    expect(moderator.get_by_role("heading", name="Awaiting your review")).to_be_visible()
    moderator.get_by_role("link", name="Harvest supper").click()
    moderator.wait_for_url(f"**/admin/pages/{event.pk}/edit/")
    moderator.get_by_role("button", name="More actions").click()
    moderator.get_by_role("button", name="Approve and Publish").click()
    moderator.wait_for_url(f"**/admin/pages/{organisation.pk}/")
    moderator.goto("/events/")
    expect(moderator.get_by_role("link", name="Harvest supper")).to_be_visible()
    moderator_context.close()
    event.refresh_from_db()
    assert event.live

    # 4. The editor sees the outcome in the partner dashboard, and logs an offer.
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="Your offers", level=1)).to_be_visible()
    approved = page.get_by_role("row", name=re.compile("Harvest supper"))
    assert "Approved and live" in approved.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Log something you can offer").click()
    page.wait_for_url("**/dashboard/offers/new/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Church hall for 80")
    page.get_by_label("Postcode of where it is").fill("not a postcode")
    page.get_by_role("button", name="Log this offer").click()
    expect(page.get_by_role("alert").get_by_text("Please check")).to_be_visible()
    expect(page.get_by_text("What kind of offer is it?: This field is required.")).to_be_visible()
    assert page.get_by_label("Title").input_value() == "Church hall for 80"  # kept
    assert_accessible(page)

    page.get_by_label("Venue or space").check()
    page.get_by_label("Description").fill("Our hall, with a kitchen and chairs for 80.")
    page.get_by_label("How many").fill("80")
    page.get_by_label("Of what").fill("people")
    page.get_by_label("Postcode of where it is").fill("sn10 1ab")
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Log this offer").click()
    page.wait_for_url(re.compile(r".*/dashboard/offers/\d+/$"))
    expect(page.get_by_text("Thank you: “Church hall for 80” is logged.")).to_be_visible()
    expect(page.get_by_role("heading", name="Church hall for 80", level=1)).to_be_visible()
    expect(page.get_by_text("Logged the offer")).to_be_visible()
    assert_accessible(page)
    offer = Offer.objects.get(title="Church hall for 80")
    assert offer.organisation == organisation
    assert offer.postcode == "SN10 1AB" and offer.step_free

    page.get_by_role("link", name="Your offers").click()
    expect(page.get_by_role("link", name="Church hall for 80")).to_be_visible()
    page.goto("/offers/")
    expect(page.get_by_role("link", name="Church hall for 80")).to_be_visible()
    assert_accessible(page)


def test_the_dashboard_sign_in_page_is_accessible(browser_page, journey):
    page = browser_page
    page.goto("/dashboard/")
    page.wait_for_url("**/dashboard/login/?next=/dashboard/")
    assert_accessible(page)
    page.get_by_label("Username").fill("ruth")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_role("heading", name="Your offers")).to_be_visible()
