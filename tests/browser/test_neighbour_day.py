"""Neighbour Day on a phone: register, confirm from the e-mail, see help nearby, print the
invitation (its QR code read back from a screenshot), and find the gathering on
/neighbour-day/, its map and the map search. axe-core checks every new page."""

import io
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from partners.factories import OfferFactory
from tests.browser.conftest import assert_accessible
from tests.neighbourday.conftest import build_nd_tree


@pytest.fixture
def nd(transactional_db):
    tree = build_nd_tree()
    OfferFactory(
        organisation=tree.organisation,
        title="Trestle tables and a gazebo",
        kind="equipment",
        postcode="SN10 1AB",
        radius_miles=5,
    )
    mail.outbox.clear()
    return tree


def test_register_confirm_get_help_print_and_find_it(phone_page, nd, live_server):
    page = phone_page
    page.goto("/neighbour-day/register/")
    assert_accessible(page)
    page.get_by_label("A street party with the road closed").check()
    page.get_by_label("Starts at").fill("13:00")
    page.get_by_label("Ends at").fill("17:00")
    page.get_by_label("Street name").fill("Long Street")
    page.get_by_label("Postcode").fill("sn10 1ab")
    page.get_by_label("21 to 50").check()
    page.get_by_label("Your name").fill("Ada Organiser")
    page.get_by_label("Your e-mail address").fill("ada@example.org")
    # A mistake first: the error is shown and what was typed is kept.
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_role("button", name="Register my gathering").click()
    page.wait_for_selector("#error-summary")
    assert "The end time is before the start time." in page.inner_text("#error-summary")
    assert page.get_by_label("Street name").input_value() == "Long Street"
    assert_accessible(page)
    page.get_by_label("Ends at").fill("17:00")
    page.get_by_role("button", name="Register my gathering").click()
    page.wait_for_selector("h1:has-text('Check your e-mail')")
    assert_accessible(page)

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/neighbour-day/confirm/\S+/", message.body)[0]
    page.goto(link)
    page.wait_for_selector("text=Thank you: your gathering is confirmed.")
    assert "Trestle tables and a gazebo" in page.inner_text("#help-heading + p + ul")
    assert "Closing the road" in page.content()
    assert_accessible(page)
    manage = page.url.split("?")[0]

    # Ask for the offer in a click: it is asked, and the page says so.
    page.get_by_role("button", name=re.compile("Ask for it.*Trestle tables")).click()
    expect(page.get_by_role("status")).to_contain_text("Your request is sent")
    expect(page.locator("#help-heading + p + ul")).to_contain_text("You asked")
    assert_accessible(page)

    page.get_by_role("link", name="A printable invitation").click()
    page.wait_for_selector('h1:has-text("You\'re invited!")')
    assert_accessible(page)
    qr = page.locator(".sheet__qr svg").screenshot()
    decoded = _read_qr(qr)
    page_url = page.locator(".sheet__qr figcaption").inner_text().split(": ", 1)[1]
    assert decoded == page_url and "/neighbour-day/long-street-sn10-" in decoded
    page.emulate_media(media="print")
    expect(page.locator(".sheet__screen-only")).not_to_be_visible()
    page.emulate_media(media="screen")

    for path in ("poster/", "change/", "cancel/"):
        page.goto(manage + path)
        assert_accessible(page)

    page.goto("/neighbour-day/")
    assert page.inner_text("[data-nd-gatherings]") == "1"
    page.wait_for_selector("[data-nd-map-ready]")
    assert page.locator("#nd-map path.nd-district").count() == 1
    assert_accessible(page)
    page.goto("/neighbour-day/?district=SN10")
    page.wait_for_selector("#nd-map .leaflet-marker-icon")
    assert "1 open gatherings in SN10" in page.inner_text("[data-nd-map-status]")

    page.goto(decoded.replace(live_server.url, ""))
    assert "Long Street, SN10" in page.content()
    page.goto("/search/?postcode=SN10+1AB")
    assert "on Long Street, SN10" in page.inner_text("main")

    page.goto("/neighbour-day/links/")
    assert_accessible(page)


def _read_qr(png):
    import zxingcpp

    image = Image.open(io.BytesIO(png)).convert("L")
    # A quiet zone around it, as on paper.
    framed = Image.new("L", (image.width + 80, image.height + 80), 255)
    framed.paste(image, (40, 40))
    (result,) = zxingcpp.read_barcodes(framed)
    return result.text
