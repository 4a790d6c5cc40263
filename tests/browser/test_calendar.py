import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from events.choices import Category
from events.factories import EventPageFactory
from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree
from tests.events.calendars import parse


@pytest.fixture
def site_with_events(transactional_db):
    tree = build_tree()
    soon = datetime.date.today() + datetime.timedelta(days=3)
    EventPageFactory(
        parent=tree.events,
        title="Community lunch",
        category=Category.FOOD,
        start_date=soon,
        start_time=datetime.time(12),
        end_time=datetime.time(14),
        repeat="weekly",
        repeat_count=4,
    )
    EventPageFactory(parent=tree.events, title="Litter pick", category=Category.ENVIRONMENT)
    return tree


def test_subscribe_to_a_filtered_listing(browser_page, site_with_events, live_server):
    page = browser_page
    page.goto("/events/?category=food")
    feed_url = f"{live_server.url}/events/feed.ics?category=food"
    head_link = page.locator('head link[rel="alternate"][type="text/calendar"]')
    assert head_link.get_attribute("href") == feed_url
    assert head_link.get_attribute("title") == "Hub: food events"

    subscribe = page.get_by_role("link", name="Subscribe to Hub: food events")
    assert subscribe.get_attribute("href") == feed_url.replace("http://", "webcal://")
    expect(page.get_by_role("link", name=feed_url)).not_to_be_visible()
    page.get_by_text("Google Calendar, Outlook and other apps").click()
    address = page.get_by_role("link", name=feed_url)
    expect(address).to_be_visible()
    assert_accessible(page)

    response = page.request.get(address.get_attribute("href"))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar, _ = parse(response.body())
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Community lunch"}


def test_add_an_event_to_a_calendar(browser_page, site_with_events):
    page = browser_page
    page.goto("/events/community-lunch/")
    section = page.get_by_role("region", name="Add to your calendar")
    expect(section).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Download a calendar file for Community lunch").click()
    download = download_info.value
    assert download.suggested_filename == "community-lunch.ics"
    calendar, _ = parse(Path(download.path()).read_bytes(), feed=False)
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Community lunch" and "RRULE" in event

    google = section.get_by_role("link", name="Add to Google Calendar (Community lunch)")
    query = parse_qs(urlsplit(google.get_attribute("href")).query)
    start = datetime.date.today() + datetime.timedelta(days=3)
    assert query["text"] == ["Community lunch"]
    assert query["dates"] == [f"{start:%Y%m%d}T120000/{start:%Y%m%d}T140000"]
    assert query["ctz"] == ["Europe/London"]
    outlook = section.get_by_role("link", name="Add to Outlook.com (Community lunch)")
    query = parse_qs(urlsplit(outlook.get_attribute("href")).query)
    assert query["subject"] == ["Community lunch"]
    assert query["startdt"][0].startswith(f"{start:%Y-%m-%d}T12:00:00")
    assert "every date" in section.inner_text()


def test_subscribe_works_without_javascript(browser, live_server, site_with_events):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/events/")
        expect(page.get_by_role("link", name="Subscribe to Hub: events")).to_be_visible()
        page.get_by_text("Google Calendar, Outlook and other apps").click()
        expect(page.get_by_role("link", name=f"{live_server.url}/events/feed.ics")).to_be_visible()
    finally:
        context.close()
