"""The public needs: /volunteer/opportunities/ and its filters, a page per need, the
calendar feed of dated needs, and needs in the map search's GeoJSON."""

import datetime
import json
from html.parser import HTMLParser

import icalendar
import pytest
from wagtail.models import PageViewRestriction

from needs.choices import NeedStatus, Timing
from needs.factories import NeedCheckFactory, NeedFactory
from needs.filters import NeedFilter
from partners.factories import OrganisationPageFactory, ProjectPageFactory

from .conftest import TODAY, in_days

pytestmark = pytest.mark.django_db

LIST = "/volunteer/opportunities/"


def next_weekday(weekday):
    """The first date after today that is this weekday (0 = Monday)."""
    return TODAY + datetime.timedelta(days=(weekday - TODAY.weekday() - 1) % 7 + 1)


@pytest.fixture
def needs(site):
    """A spread of needs around Devizes (SN10) and in Leeds, and some that must not show."""
    org_a, org_b = site.org_a, site.org_b
    project = ProjectPageFactory(
        parent=site.home, title="Warm spaces", food_insecurity=True, lead_organisations=[org_a]
    )
    site.saturday = NeedFactory(
        organisation=org_a,
        title="Saturday breakfast cooks",
        starts_on=next_weekday(5),
        start_time=datetime.time(8),
        end_time=datetime.time(11),
        cooking=True,
        project=project,
    )
    site.evening = NeedFactory(
        organisation=org_b,
        title="Tuesday evening drivers",
        kind="transport",
        timing=Timing.WEEKLY,
        starts_on=next_weekday(1),
        repeat_until=next_weekday(1) + datetime.timedelta(days=28),
        start_time=datetime.time(18),
        end_time=datetime.time(20, 30),
        wanted_skills=["driving"],
    )
    site.online = NeedFactory(
        organisation=org_a,
        title="Phone befriending",
        online=True,
        postcode="",
        timing=Timing.FLEXIBLE,
        starts_on=None,
        start_time=None,
        end_time=None,
        deadline=in_days(30),
    )
    site.leeds = NeedFactory(
        organisation=org_b,
        title="Leeds food bank packers",
        postcode="LS1 1UR",
        emergency=True,
        starts_on=next_weekday(2),
        start_time=datetime.time(13),
        end_time=datetime.time(16),
    )
    site.closed = NeedFactory(organisation=org_a, title="Closed need", status=NeedStatus.CLOSED)
    site.filled = NeedFactory(organisation=org_a, title="Filled need", status=NeedStatus.FILLED)
    site.past = NeedFactory(organisation=org_a, title="Past need", starts_on=in_days(-1))
    draft = OrganisationPageFactory(parent=site.partners, title="Draft chapel", live=False)
    NeedFactory(organisation=draft, title="Draft chapel need")
    private = OrganisationPageFactory(parent=site.partners, title="Private temple")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    site.private_need = NeedFactory(organisation=private, title="Private temple need")
    return site


def titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {item.title for item in response.context["items"]}


OPEN = {
    "Lunch club helpers",
    "Iftar drivers",
    "Saturday breakfast cooks",
    "Tuesday evening drivers",
    "Phone befriending",
    "Leeds food bank packers",
}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, OPEN),
        (
            {"postcode": "SN10 1AB", "radius": "5"},
            OPEN - {"Phone befriending", "Leeds food bank packers"},
        ),  # fmt: skip
        ({"postcode": "LS1 1UR", "radius": "3"}, {"Leeds food bank packers"}),
        ({"kind": "transport"}, {"Iftar drivers", "Tuesday evening drivers"}),
        ({"skill": "cooking"}, {"Saturday breakfast cooks"}),
        ({"skill": "driving"}, {"Tuesday evening drivers"}),  # wanted, not required
        ({"cause": "food_insecurity"}, {"Saturday breakfast cooks"}),
        (
            {"day": "sat"},
            {"Saturday breakfast cooks"}
            | ({"Lunch club helpers", "Iftar drivers"} if in_days(7).weekday() == 5 else set()),
        ),  # fmt: skip
        ({"day": "tue", "time": "evening"}, {"Tuesday evening drivers"}),
        ({"time": "afternoon"}, {"Leeds food bank packers"}),
        ({"time": "morning"}, {"Saturday breakfast cooks", "Lunch club helpers", "Iftar drivers"}),
        ({"no_check": "on"}, OPEN - {"Lunch club helpers"}),
        ({"online": "on"}, {"Phone befriending"}),
        ({"q": "food bank"}, {"Leeds food bank packers"}),
    ],
)
def test_the_filters_select_open_public_needs(client, needs, params, expected):
    assert titles(client, **params) == expected


def test_emergencies_come_first_then_the_soonest(client, needs):
    items = client.get(LIST).context["items"]
    assert items[0].title == "Leeds food bank packers"
    last_days = [item.last_day for item in items[1:]]
    assert last_days == sorted(last_days)


def test_a_wrong_choice_is_explained_and_the_rest_still_applies(client, needs):
    response = client.get(LIST, {"kind": "unicorns", "day": "sat"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some of your choices could not be used" in page
    assert "Saturday breakfast cooks" in page
    assert "Tuesday evening drivers" not in page


def test_the_listing_costs_the_same_queries_whatever_the_number_of_needs(
    client, needs, django_assert_num_queries
):
    client.get(LIST)  # warm the site and settings caches
    with django_assert_num_queries(LISTING_QUERIES):
        client.get(LIST, {"postcode": "SN10 1AB", "radius": "25", "page": "1"})
    for number in range(30):
        NeedFactory(organisation=needs.org_b, title=f"More {number}")
    with django_assert_num_queries(LISTING_QUERIES):
        client.get(LIST, {"postcode": "SN10 1AB", "radius": "25", "page": "2"})


# The site; the view restrictions (for the public organisations) and the needs in the box
# around the place; the restrictions again and the one page of needs shown; the menu and the
# site's settings.
LISTING_QUERIES = 7


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.title, self._in_title = {}, "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def test_each_need_has_a_page_with_a_title_and_description_for_search_engines(client, needs):
    NeedCheckFactory(need=needs.saturday, kind="dbs_enhanced", workforce="children")
    response = client.get(f"{LIST}{needs.saturday.uuid}/")
    assert response.status_code == 200
    parser = _Meta()
    parser.feed(response.content.decode())
    assert parser.title.startswith(
        "Saturday breakfast cooks: volunteers needed in SN10 by St Mary's Church"
    )
    assert parser.meta["description"] == "Volunteers to help at the lunch club."
    assert parser.meta["og:title"].startswith("Saturday breakfast cooks")
    page = response.content.decode()
    assert "DBS enhanced check, children&#x27;s workforce" in page
    assert "Warm spaces" in page
    assert f'href="{LIST}{needs.saturday.uuid}/apply/"' in page


@pytest.mark.parametrize("name", ["closed", "filled", "past"])
def test_a_need_no_longer_open_is_gone_with_others_like_it(client, needs, name):
    response = client.get(f"{LIST}{getattr(needs, name).uuid}/")
    assert response.status_code == 410
    assert "no longer open" in response.content.decode()
    assert "Saturday breakfast cooks" in response.content.decode()


def test_needs_of_draft_or_private_organisations_and_unknown_ids_are_not_found(client, needs):
    assert client.get(f"{LIST}{needs.private_need.uuid}/").status_code == 404
    assert client.get(f"{LIST}00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(f"{LIST}{needs.saturday.pk}/").status_code == 404  # ids are not guessable


def test_the_feed_holds_the_dated_needs_the_filter_selects(client, needs):
    response = client.get(f"{LIST}feed.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == OPEN - {"Phone befriending", "Leeds food bank packers"} | {
        "Emergency: Leeds food bank packers"
    }
    series = events["Tuesday evening drivers"]
    assert series["RRULE"]["FREQ"] == ["WEEKLY"]
    assert series.decoded("DTSTART").hour == 18
    assert str(series.decoded("DTSTART").tzinfo) == "Europe/London"
    assert str(series["URL"]).endswith(f"{LIST}{needs.evening.uuid}/")
    narrowed = icalendar.Calendar.from_ical(client.get(f"{LIST}feed.ics?kind=transport").content)
    assert {str(e["SUMMARY"]) for e in narrowed.walk("VEVENT")} == {
        "Iftar drivers",
        "Tuesday evening drivers",
    }


def test_a_feed_asked_with_a_wrong_choice_says_why(client, needs):
    response = client.get(f"{LIST}feed.ics?radius=7000&postcode=SN10+1AB")
    assert response.status_code == 400
    assert "Choose a distance" in response.content.decode()


def test_needs_are_a_kind_in_the_map_search(client, needs):
    body = json.loads(
        client.get(
            "/api/search.geojson", {"kind": "needs", "postcode": "SN10 1AB", "radius": "5"}
        ).content
    )
    found = {f["properties"]["title"]: f for f in body["features"]}
    assert set(found) == OPEN - {"Phone befriending", "Leeds food bank packers"}
    feature = found["Saturday breakfast cooks"]
    assert feature["properties"]["kind"] == "needs"
    assert feature["properties"]["url"].endswith(f"{LIST}{needs.saturday.uuid}/")
    assert "Volunteering opportunities" in client.get("/search/").content.decode()


def test_the_filter_describes_what_it_selects(needs):
    described = NeedFilter({"kind": "transport", "day": "tue", "no_check": "on"}).description()
    assert described == "Transport opportunities on Tuesdays with no check needed"
