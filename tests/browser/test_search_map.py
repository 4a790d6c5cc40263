"""The map search in a real browser: markers match the list, popups link, keyboards work.

Tiles are a blank data: image (test settings), and the test fails if the page asks anything
of any host but the live test server.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from events.factories import EventPageFactory
from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree


@pytest.fixture
def devizes(transactional_db):
    tree = build_tree()  # St Mary's Church, a partner, is at SN10 1AB
    soon = datetime.date.today() + datetime.timedelta(days=3)
    for title, postcode in [
        ("Coffee morning", "SN10 1BT"),  # 0.2 miles: clusters with St Mary's at first
        ("Canal litter pick", "SN10 2DL"),  # 0.6 miles
        ("Quiz night", "SN10 3HR"),  # 1.7 miles
        ("Chippenham picnic", "SN15 3BD"),  # 8 miles: outside 5 miles
    ]:
        EventPageFactory(parent=tree.events, title=title, postcode=postcode, start_date=soon)
    return tree


@pytest.fixture
def page(browser_page, live_server):
    """The browser page, failing the test if anything is fetched from another host."""
    outside = []
    browser_page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else outside.append(request.url)
        ),
    )
    yield browser_page
    assert outside == []


def markers_on_map(page):
    """Results the map shows: single markers plus the count on each cluster."""
    page.wait_for_selector("#search-map .leaflet-marker-icon")
    singles = page.locator(
        "#search-map .leaflet-marker-icon:not(.marker-cluster):not(.search-map__here)"
    ).count()
    clustered = sum(
        int(re.match(r"\d+", text)[0])
        for text in page.locator("#search-map .marker-cluster").all_inner_texts()
    )
    return singles + clustered


def test_search_from_the_home_page_shows_the_list_on_a_map(page, devizes):
    page.goto("/")
    page.get_by_label("What is on near you?").fill("sn10 1ab")
    page.get_by_label("Distance").select_option("5")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?postcode=sn10+1ab&radius=5&kind=events")  # events first
    assert page.locator("#results-list > li").count() == 3
    page.get_by_role("navigation", name="What to show").get_by_role(
        "link", name="Everything"
    ).click()
    page.wait_for_url("**/search/?postcode=sn10+1ab&radius=5")

    items = page.locator("#results-list > li")
    assert items.count() == 4  # St Mary's Church and three events; not Chippenham
    expect(page.get_by_role("heading", name="4 results within 5 miles of SN10 1AB")).to_be_visible()
    assert markers_on_map(page) == items.count()
    assert page.locator("#search-map path.search-map__here").count() == 1  # the searched point
    assert "4 results" in page.locator("[data-search-map-status]").inner_text()
    assert_accessible(page)

    # The quiz is on its own: open its popup and follow its link.
    page.get_by_role("button", name="Event: Quiz night").click()
    popup = page.locator(".leaflet-popup")
    assert "1.7 miles away" in popup.inner_text()
    popup.get_by_role("link", name="Quiz night").click()
    page.wait_for_url("**/events/quiz-night/")
    assert page.get_by_role("heading", level=1).inner_text() == "Quiz night"


def test_the_form_and_the_map_work_from_the_keyboard_alone(page, devizes):
    page.goto("/search/")
    assert page.locator("[data-search-map]").count() == 0  # no map before a search
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_postcode":
            break
    else:
        pytest.fail("Tab never reached the postcode box")
    page.keyboard.type("SN10 1AB")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_radius"
    page.keyboard.press("5")  # type-to-select: "5 miles"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?*postcode=SN10+1AB*")
    assert "radius=5" in page.url
    page.wait_for_selector("#search-map .leaflet-marker-icon")

    # Tabbing goes into the map, through its markers (Enter opens a popup) and out to the
    # list: the map never traps the keyboard.
    page.get_by_role("link", name="Skip the map and go to the list").focus()
    opened = False
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.className, document.activeElement.closest('#results-list')"
            " !== null, document.activeElement.getAttribute('aria-label')]"
        )
        if focused[2] and focused[2].startswith("Event: ") and not opened:
            page.keyboard.press("Enter")
            expect(page.locator(".leaflet-popup")).to_be_visible()
            opened = True
        if focused[1]:
            break
    else:
        pytest.fail("Tab never left the map for the list")
    assert opened

    # The skip link jumps straight over the map.
    page.get_by_role("link", name="Skip the map and go to the list").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-list"


def test_without_javascript_the_list_is_the_page(browser, live_server, devizes):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search/?postcode=SN10+1AB&radius=5")
    assert page.locator("#results-list > li").count() == 4
    expect(page.locator("[data-search-map]")).not_to_be_visible()
    expect(page.get_by_role("link", name="Quiz night")).to_be_visible()
    context.close()


def test_each_kind_has_its_own_marker_and_the_legend_says_which(page, devizes):
    page.goto("/search/?postcode=SN10+1AB&radius=5")
    page.wait_for_selector("#search-map .leaflet-marker-icon")
    legend = page.locator(".map-legend")
    expect(legend).to_be_visible()
    assert legend.locator("li").all_inner_texts() == ["Event", "Partner"]
    shapes = {
        kind: legend.locator(f".map-marker--{kind}").evaluate(
            "s => [getComputedStyle(s).borderRadius, getComputedStyle(s).backgroundColor]"
        )
        for kind in ("events", "partners")
    }
    assert shapes["events"][0] != shapes["partners"][0]  # a shape, not colour alone
    assert shapes["events"][1] != shapes["partners"][1]
    quiz = page.get_by_role("button", name="Event: Quiz night")
    assert "map-marker--events" in quiz.get_attribute("class")

    # Tabbing through the map never stops on a bare SVG path (the searched point, the circle).
    page.get_by_role("link", name="Skip the map and go to the list").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName.toLowerCase()")
        assert tag not in ("path", "svg", "g")
        if page.evaluate("document.activeElement.closest('#results-list') !== null"):
            break

    # An event's popup gives its date.
    quiz.click()
    day = datetime.date.today() + datetime.timedelta(days=3)
    expect(page.locator(".leaflet-popup")).to_contain_text(f"{day:%A} {day.day} {day:%B}")
    assert_accessible(page)


@pytest.mark.parametrize("key", ["Enter", " "])
def test_enter_and_space_open_a_cluster(page, devizes, key):
    page.goto("/search/?postcode=SN10+1AB&radius=5")
    cluster = page.locator("#search-map .marker-cluster")
    expect(cluster).to_have_count(1)  # the coffee morning and St Mary's, 0.2 miles apart
    cluster.focus()
    page.keyboard.press(key)
    expect(cluster).to_have_count(0)
    expect(page.get_by_role("button", name="Event: Coffee morning")).to_be_visible()


def test_an_event_page_shows_a_small_map_of_its_place(page, devizes):
    page.goto("/events/quiz-night/")
    marker = page.locator(".event-map .leaflet-marker-icon.map-marker--events")
    expect(marker).to_be_visible()
    assert marker.get_attribute("aria-label") == "Event: Quiz night"
    link = page.get_by_role("link", name="See what else is near SN10 3HR on the map")
    expect(link).to_be_visible()
    assert_accessible(page)


def test_without_javascript_an_event_page_links_to_the_map_search(browser, live_server, devizes):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/events/quiz-night/")
    expect(page.locator(".event-map__canvas")).not_to_be_visible()
    page.get_by_role("link", name="See what else is near SN10 3HR on the map").click()
    page.wait_for_url(re.compile(r".*/search/\?postcode=SN10(\+|%20)3HR$"))
    expect(page.get_by_role("link", name="Quiz night")).to_be_visible()
    context.close()
