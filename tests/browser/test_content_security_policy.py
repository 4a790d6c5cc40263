"""The Content-Security-Policy in a real browser: strict on public pages, and the admin's
page editor and the user bar still work under theirs (browser_page fails the test on any
refusal Chromium reports)."""

import re

import pytest
from playwright.sync_api import expect

from events.factories import EventPageFactory
from tests.conftest import build_tree
from tests.partners.conftest import PASSWORD, make_user


@pytest.fixture
def event(transactional_db):
    tree = build_tree()
    make_user("editor", is_staff=True, is_superuser=True)
    return EventPageFactory(parent=tree.events, title="Coffee morning", postcode="SN10 1BT")


def test_public_pages_have_the_strict_policy(browser_page, event):
    response = browser_page.goto(event.url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy + ";"
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'self'" in policy


def test_an_editor_edits_a_page_and_uses_the_user_bar(browser_page, event):
    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url("**/admin/")
    response = page.goto(f"/admin/pages/{event.pk}/edit/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    page.get_by_role("textbox", name="Title*").fill("Coffee and cake morning")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(f"**/admin/pages/{event.pk}/edit/")
    expect(page.get_by_text("has been updated").first).to_be_visible()
    # The user bar on the public page, which only signed-in editors see.
    page.goto(event.url)
    page.get_by_role("button", name="View Wagtail quick actions").click()
    edit = page.get_by_role("menuitem", name=re.compile("Edit", re.I))
    edit.wait_for(state="visible")
    edit.click()
    page.wait_for_url(f"**/admin/pages/{event.pk}/edit/")
