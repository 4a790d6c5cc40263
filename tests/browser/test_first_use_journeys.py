"""The three first-use journeys, in a real browser, axe-core clean on every public and
dashboard page visited:

* a visitor on a 390 x 844 phone: postcode to event to calendar, the first results visible
  without scrolling past the form;
* an editor: adds an event from the dashboard in one click, with a typo in the postcode that
  the form catches at once, and fixes it before submitting it for moderation;
* a moderator: sees the warning of a page submitted with an unknown postcode, and approves it.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.choices import Category
from events.factories import EventPageFactory
from events.models import EventPage
from partners.sections import MODERATORS, add_editor
from tests.browser.conftest import PHONE, assert_accessible, watched_page
from tests.conftest import build_tree
from tests.events.calendars import parse
from tests.partners.conftest import PASSWORD, make_user


@pytest.fixture
def town(transactional_db):
    tree = build_tree()  # St Mary's Church, SN10 1AB
    soon = datetime.date.today() + datetime.timedelta(days=3)
    for title, postcode in [("Coffee morning", "SN10 1BT"), ("Quiz night", "SN10 3HR")]:
        EventPageFactory(
            parent=tree.events,
            title=title,
            postcode=postcode,
            start_date=soon,
            start_time=datetime.time(10),
            end_time=datetime.time(12),
            category=Category.FOOD,
        )
    tree.editor = make_user("ruth", first_name="Ruth")
    add_editor(tree.organisation, tree.editor)
    tree.moderator = make_user("mo")
    tree.moderator.groups.add(Group.objects.get(name=MODERATORS))
    return tree


def test_a_visitor_on_a_phone_goes_from_postcode_to_event_to_calendar(browser, live_server, town):
    with watched_page(browser, live_server, **PHONE) as page:
        page.goto("/")
        assert_accessible(page)
        page.get_by_label("What is on near you?").fill("sn10 1ab")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/search/?*postcode=sn10+1ab*")
        first = page.locator(".results__item").first
        expect(first).to_be_visible()
        assert page.evaluate("window.scrollY") == 0
        title = first.locator(".result-card__title").bounding_box()
        assert title["y"] + title["height"] <= 844  # on the first screen, form folded above
        assert_accessible(page)

        first.get_by_role("link").first.click()
        page.wait_for_url("**/events/coffee-morning/")
        expect(page.get_by_role("heading", name="Coffee morning", level=1)).to_be_visible()
        assert_accessible(page)
        section = page.get_by_role("region", name="Add to your calendar")
        with page.expect_download() as download_info:
            section.get_by_role("link", name="Download a calendar file for Coffee morning").click()
        calendar, _ = parse(Path(download_info.value.path()).read_bytes(), feed=False)
        (event,) = calendar.walk("VEVENT")
        assert event["SUMMARY"] == "Coffee morning"


def sign_in_to_dashboard(page, username):
    page.goto("/dashboard/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


def test_an_editor_adds_an_event_fixes_a_typo_and_a_moderator_approves_another(
    browser, live_server, town
):
    church = town.organisation
    with watched_page(browser, live_server, viewport={"width": 1280, "height": 900}) as page:
        sign_in_to_dashboard(page, "ruth")
        assert_accessible(page)
        page.get_by_role("link", name="Add an event for St Mary's Church").click()
        page.wait_for_url(f"**/admin/pages/add/events/eventpage/{church.pk}/")
        page.get_by_role("textbox", name="Title*").fill("Harvest supper")
        page.get_by_role("textbox", name="Summary*").fill("Soup, bread and good company.")
        page.locator("#id_start_date").fill("2030-09-20")
        page.locator("#id_start_time").fill("18:00")
        page.get_by_role("textbox", name="Postcode").fill("SN10 9ZZ")  # a typo: no such place
        page.get_by_role("combobox", name="Category*").select_option("food")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
        postcode_field = page.locator("[data-field-wrapper]").filter(
            has=page.locator("#id_postcode")
        )
        expect(postcode_field).to_contain_text("Warning: We couldn't find the postcode SN10 9ZZ")

        page.get_by_role("textbox", name="Postcode").fill("SN10 1BT")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("Warning: We couldn't find")).to_have_count(0)
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Submit to Moderators approval").click()
        page.wait_for_url(f"**/admin/pages/{church.pk}/")
        event = EventPage.objects.get(title="Harvest supper")
        assert event.workflow_in_progress
        assert event.get_latest_revision_as_object().postcode == "SN10 1BT"

    # Another page reaches the moderator with an unknown postcode the editor confirmed.
    lunch = EventPageFactory(
        parent=church, title="Church lunch", postcode="SN10 9ZZ", live=False, owner=town.editor
    )
    lunch.save_revision(user=town.editor)
    lunch.get_workflow().start(lunch, town.editor)

    with watched_page(browser, live_server, viewport={"width": 1280, "height": 900}) as page:
        page.goto("/admin/login/")
        page.fill("input[name=username]", "mo")
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
        page.wait_for_url("**/admin/")
        warnings = page.locator("#postcode-problems-section")
        expect(warnings).to_contain_text("Church lunch")
        expect(warnings).to_contain_text("SN10 9ZZ")
        warnings.get_by_role("link", name="Church lunch").click()
        page.wait_for_url(f"**/admin/pages/{lunch.pk}/edit/")
        expect(page.get_by_text("Warning: We couldn't find the postcode SN10 9ZZ")).to_be_visible()
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Approve and Publish").click()
        page.wait_for_url(f"**/admin/pages/{church.pk}/")
        lunch.refresh_from_db()
        assert lunch.live
        page.goto(lunch.url)
        expect(page.get_by_role("heading", name="Church lunch", level=1)).to_be_visible()
        assert_accessible(page)
