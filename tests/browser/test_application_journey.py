"""In a real browser: a volunteer finds an opportunity near SN10 1AB that fits them (their
passport says so, and the list near SN10 1AB has it) and applies with a message; a member of
the organisation accepts; the volunteer confirms; after the date the member confirms 3 hours,
which appear in the volunteer's passport. axe-core checks every new page on the way."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from needs.factories import NeedFactory
from needs.models import Need
from tests.browser.conftest import assert_accessible
from tests.conftest import build_tree
from tests.partners.conftest import PASSWORD, build_partner_site
from volunteering.factories import VolunteerFactory

TODAY = datetime.date.today()
SATURDAY = TODAY + datetime.timedelta(days=7 + (5 - TODAY.weekday()) % 7)


@pytest.fixture
def journey(transactional_db):
    site = build_partner_site(build_tree())
    site.need = NeedFactory(
        organisation=site.org_a,
        title="Lunch club helpers",
        people_needed=2,
        starts_on=SATURDAY,
        cooking=True,
    )
    site.volunteer = VolunteerFactory(
        display_name="Robin",
        postcode="SN10 3BN",
        user__username="robin",
        user__email="robin@example.org",
        cooking=True,
    )
    return site


def sign_in_to_dashboard(page):
    page.goto("/dashboard/login/")
    page.get_by_label("Username").fill("member-a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page.get_by_role("link", name="Applications")).to_be_visible()


def test_apply_accept_confirm_and_hours_on_the_passport(
    browser, browser_page, live_server, journey
):
    site = journey
    volunteer = browser.new_context(base_url=live_server.url)
    robin = volunteer.new_page()
    robin.set_default_timeout(15_000)

    # 1. Robin signs in; the passport says the lunch club fits; the list near SN10 1AB has it.
    robin.goto("/accounts/login/")
    robin.get_by_label(re.compile("Email|Username", re.I)).first.fill("robin@example.org")
    robin.get_by_label("Password").fill(PASSWORD)
    robin.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    robin.wait_for_url("**/volunteer/")
    expect(robin.get_by_text("Opportunities that fit you")).to_be_visible()
    expect(robin.get_by_role("link", name="Lunch club helpers")).to_be_visible()
    robin.goto("/volunteer/opportunities/")
    robin.get_by_label(re.compile("Near")).fill("SN10 1AB")
    robin.get_by_role("button", name="Find", exact=True).click()
    robin.get_by_role("link", name="Lunch club helpers", exact=True).click()
    expect(robin.get_by_role("heading", name="Lunch club helpers")).to_be_visible()

    # 2. Applies in one step, with a message.
    robin.get_by_role("link", name=re.compile("^Apply")).click()
    expect(robin.get_by_role("heading", name="Apply: Lunch club helpers")).to_be_visible()
    assert_accessible(robin)
    robin.get_by_label(re.compile("A message for the organisation")).fill("I cook every week.")
    robin.get_by_role("button", name="Apply").click()
    expect(robin.get_by_text("You have applied")).to_be_visible()
    assert_accessible(robin)
    robin.get_by_role("link", name="My applications", exact=True).click()
    expect(robin.get_by_role("cell", name="Applied")).to_be_visible()
    assert_accessible(robin)

    # 3. The member accepts.
    member = browser_page
    sign_in_to_dashboard(member)
    member.get_by_role("link", name="Applications").click()
    expect(member.get_by_role("heading", name="Applications to your needs")).to_be_visible()
    assert_accessible(member)
    member.get_by_role("link", name=re.compile("^Robin")).click()
    expect(member.get_by_text("I cook every week.")).to_be_visible()
    assert_accessible(member)
    member.get_by_role("button", name="Accept Robin").click()
    expect(member.get_by_text("You accepted Robin")).to_be_visible()

    # 4. Robin confirms.
    robin.reload()
    robin.get_by_role("link", name="Lunch club helpers").click()
    robin.get_by_role("button", name="Confirm my place").click()
    expect(robin.get_by_text("you are confirmed")).to_be_visible()
    assert_accessible(robin)

    # 5. After the date, the member confirms 3 hours.
    day = TODAY - datetime.timedelta(days=1)
    Need.objects.filter(pk=site.need.pk).update(starts_on=day, last_day=day)
    member.reload()
    member.get_by_label("Yes, they came").check()
    member.get_by_label("Hours they gave").fill("3")
    member.get_by_role("button", name="Confirm attendance").click()
    expect(member.get_by_text("Attendance is recorded.")).to_be_visible()
    assert_accessible(member)

    # 6. The hours are on Robin's passport.
    robin.goto("/volunteer/record/")
    expect(robin.get_by_role("cell", name="Lunch club helpers").first).to_be_visible()
    expect(robin.get_by_text(re.compile(r"\b3(\.00)?\b")).first).to_be_visible()

    # The reports and the call-outs pages are accessible too.
    member.goto("/dashboard/reports/")
    expect(member.get_by_role("heading", name="Reports")).to_be_visible()
    assert_accessible(member)
    member.goto("/dashboard/callouts/")
    assert_accessible(member)
    volunteer.close()


def test_the_pages_of_links_in_e_mails(browser_page, journey):
    """The unsubscribe page and a Reserve member's "I can help" page, before and after."""
    from hub import optout
    from reserve import callouts
    from reserve.models import Ask, CallOut

    site, page = journey, browser_page
    Need.objects.filter(pk=site.need.pk).update(emergency=True)
    ask = Ask.objects.create(
        callout=CallOut.objects.create(need=site.need), volunteer=site.volunteer
    )
    page.goto(optout.link("robin@example.org", callouts.CALLOUTS))
    assert_accessible(page)
    page.get_by_role("button", name="Stop these e-mails").click()
    expect(page.get_by_role("heading", name="You will not get these e-mails")).to_be_visible()
    assert_accessible(page)
    page.goto(callouts.link(ask))
    assert_accessible(page)
    page.get_by_role("button", name="I can help").click()
    expect(page.get_by_role("heading", name=re.compile("sign in to confirm"))).to_be_visible()
    assert_accessible(page)
    page.goto(callouts.link(ask))
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
    assert_accessible(page)
