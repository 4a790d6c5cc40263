"""The event listing at /events/: filters, bad input, privacy and query counts."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from events.choices import Category, Status
from events.factories import EventPageFactory
from hub.models import NeighbourDayDate

TODAY = datetime.date.today()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def titles(response):
    """The event titles on a listing page, in order, as a reader sees them."""
    pattern = r'class="event-card__link" href="[^"]*">(?:<span[^>]*>[^<]*</span> )?([^<]+)</a>'
    return [html.unescape(title) for title in re.findall(pattern, response.content.decode())]


@pytest.fixture
def events(tree):
    made = {
        "lunch": EventPageFactory(
            parent=tree.events,
            title="Community lunch",
            category=Category.FOOD,
            start_date=day(2),
            is_free=True,
            step_free=True,
        ),
        "quiz": EventPageFactory(
            parent=tree.events,
            title="Pub quiz",
            category=Category.ARTS,
            start_date=day(10),
            is_free=False,
            cost="£2",
            postcode="EH1 1YZ",
        ),
        "picnic": EventPageFactory(
            parent=tree.organisation,
            title="Church picnic",
            category=Category.FOOD,
            start_date=day(45),
            organiser=tree.organisation,
            hearing_loop=True,
            step_free=True,
        ),
        "old": EventPageFactory(
            parent=tree.events,
            title="Last year's fair",
            start_date=day(-30),
        ),
    }
    made["quiz"].tags.add("quiz night")
    made["quiz"].save()
    draft = EventPageFactory(parent=tree.events, title="Draft event", start_date=day(3))
    draft.unpublish()
    private = EventPageFactory(parent=tree.events, title="Members only", start_date=day(3))
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.all())
    return made


@pytest.mark.django_db
def test_upcoming_events_only_live_and_public_grouped_by_day(client, events):
    response = client.get("/events/")
    assert response.status_code == 200
    assert titles(response) == ["Community lunch", "Pub quiz", "Church picnic"]
    html = response.content.decode()
    assert f'id="day-{day(2):%Y-%m-%d}"' in html
    assert "Draft event" not in html and "Members only" not in html
    assert "Last year's fair" not in html


@pytest.mark.django_db
def test_past_archive(client, events):
    response = client.get("/events/past/")
    assert response.status_code == 200
    assert titles(response) == ["Last year's fair"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=food", ["Community lunch", "Church picnic"]),
        ("tag=quiz-night", ["Pub quiz"]),
        ("access=step_free", ["Community lunch", "Church picnic"]),
        ("access=step_free&access=hearing_loop", ["Church picnic"]),
        ("free=on", ["Community lunch", "Church picnic"]),
        ("q=quiz", ["Pub quiz"]),
        ("q=LUNCH community", ["Community lunch"]),
        (f"from={day(5):%Y-%m-%d}", ["Pub quiz", "Church picnic"]),
        (f"to={day(5):%Y-%m-%d}", ["Community lunch"]),
        (f"from={day(5):%Y-%m-%d}&to={day(20):%Y-%m-%d}", ["Pub quiz"]),
        ("when=next-30-days", ["Community lunch", "Pub quiz"]),
        ("when=today", []),
        ("category=food&free=on&access=hearing_loop", ["Church picnic"]),
        ("postcode=SN10+1AB&radius=3", ["Community lunch", "Church picnic"]),
        ("postcode=eh11yz&radius=1", ["Pub quiz"]),
    ],
)
def test_each_filter_alone_and_combined(client, events, query, expected):
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.django_db
def test_neighbour_day_preset_uses_the_site_setting(client, tree, events):
    NeighbourDayDate.objects.create(settings=tree.settings, date=day(10))
    assert titles(client.get("/events/?when=neighbour-day")) == ["Pub quiz"]


@pytest.mark.django_db
def test_today_and_weekend_presets(client, tree):
    EventPageFactory(
        parent=tree.events,
        title="Today's walk",
        start_date=TODAY,
        start_time=datetime.time(23, 0),
        end_time=datetime.time(23, 30),
    )
    saturday = TODAY + datetime.timedelta(days=(5 - TODAY.weekday()) % 7 or 7)
    EventPageFactory(parent=tree.events, title="Weekend fair", start_date=saturday)
    EventPageFactory(parent=tree.events, title="Much later", start_date=day(60))
    today = titles(client.get("/events/?when=today"))
    weekend = titles(client.get("/events/?when=weekend"))
    assert "Today's walk" in today and "Much later" not in today
    assert "Much later" not in weekend
    if TODAY.weekday() < 5:
        assert weekend == ["Weekend fair"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2025-13-45", "Enter a valid date"),
        ("category=nope", "Select a valid choice"),
        ("q=" + "x" * 5000, "at most 200 characters"),
        ("postcode=hello", "Searching by place name is not available"),
        ("postcode=SN10+1A", "not a complete UK postcode"),
        ("postcode=SN10+1AA", "couldn"),
        ("postcode=BT1+5GS", "Northern Ireland"),
        ("radius=10000", "Choose a distance of 1, 3, 5, 10 or 25 miles"),
        (f"from={day(9):%Y-%m-%d}&to={day(1):%Y-%m-%d}", "before the"),
        ("access=teleport", "Select a valid choice"),
    ],
)
def test_bad_values_give_the_page_with_a_message(client, events, query, message):
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert message in html.replace("&#x27;", "'")
    assert len(titles(response)) >= 1  # the rest of the filter still applies


@pytest.mark.django_db
def test_bad_page_numbers_show_the_first_or_last_page(client, events):
    for value in ("-1", "0", "abc", "99999999999999999999"):
        response = client.get(f"/events/?page={value}")
        assert response.status_code == 200
        assert titles(response) == ["Community lunch", "Pub quiz", "Church picnic"]
    assert client.get("/events/?page=7").status_code == 200


@pytest.mark.django_db
def test_input_is_echoed_escaped(client, events):
    response = client.get("/events/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)" in response.content


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, tree):
    for n in range(25):
        EventPageFactory(
            parent=tree.events, title=f"Lunch {n:02}", category=Category.FOOD, start_date=day(1 + n)
        )
    first = client.get("/events/?category=food")
    assert len(titles(first)) == 20
    assert "category=food&amp;page=2" in first.content.decode()
    second = client.get("/events/?category=food&page=2")
    assert titles(second) == [f"Lunch {n:02}" for n in range(20, 25)]


@pytest.mark.django_db
def test_recurring_event_shows_each_occurrence_in_range(client, tree):
    EventPageFactory(
        parent=tree.events,
        title="Coffee morning",
        start_date=day(1),
        repeat="weekly",
        repeat_count=10,
    )
    response = client.get(f"/events/?from={day(0):%Y-%m-%d}&to={day(21):%Y-%m-%d}&view=dates")
    assert titles(response) == ["Coffee morning"] * 3


@pytest.mark.django_db
def test_cancelled_event_is_listed_as_cancelled(client, tree):
    EventPageFactory(parent=tree.events, title="Picnic", start_date=day(3), status=Status.CANCELLED)
    html = client.get("/events/").content.decode()
    assert "event-card--cancelled" in html
    assert "Cancelled:</span> Picnic" in html


@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_events(client, tree, django_assert_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/events/?category=food").status_code == 200
        return len(captured)

    EventPageFactory(
        parent=tree.events, category=Category.FOOD, start_date=day(2), organiser=tree.organisation
    )
    client.get("/events/")  # warm the site and settings caches of this test
    few = count_queries()
    for n in range(30):
        EventPageFactory(
            parent=tree.events,
            category=Category.FOOD,
            start_date=day(2 + n),
            organiser=tree.organisation,
            repeat="weekly",
            repeat_count=3,
        )
    many = count_queries()
    assert few == many
    with django_assert_num_queries(many):
        client.get("/events/?category=food&page=2")
    assert many <= 15


@pytest.mark.django_db
def test_event_page_query_count_is_fixed(client, tree, django_assert_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's

    def event(n_tags, repeats):
        page = EventPageFactory(
            parent=tree.events,
            organiser=tree.organisation,
            repeat="weekly" if repeats else "",
            repeat_count=repeats or None,
        )
        page.tags.add(*[f"tag {i}" for i in range(n_tags)])
        page.save()
        return page

    small, big = event(1, 0), event(8, 20)
    client.get(small.url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(small.url)
    with django_assert_num_queries(len(captured)):
        response = client.get(big.url)
    assert response.status_code == 200


class TestQueryStringNeverBreaks:
    """Whatever arrives in the query string, the listing answers 200 with a page."""

    names = st.sampled_from(
        [
            "q",
            "from",
            "to",
            "when",
            "category",
            "tag",
            "access",
            "free",
            "postcode",
            "radius",
            "page",
            "other",
        ]
    )
    values = st.one_of(
        st.text(max_size=300),
        st.sampled_from(
            [
                "2027-02-30",
                "-1",
                "0",
                "99999",
                "food",
                "weekend",
                "SN10 1AB",
                "step_free",
                "%00",
                "\x00",
                "' OR 1=1 --",
            ]
        ),
    )

    @pytest.mark.django_db
    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(params=st.lists(st.tuples(names, values), max_size=6))
    def test_never_500(self, client, tree, params):
        from urllib.parse import urlencode

        response = client.get("/events/?" + urlencode(params))
        assert response.status_code == 200


@pytest.mark.django_db
def test_events_of_another_site_never_appear(client, tree, events, settings):
    from wagtail.models import Page, Site

    from events.factories import EventIndexPageFactory
    from home.factories import HomePageFactory

    settings.ALLOWED_HOSTS = ["testserver", "other.example.org"]
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other-home")
    Site.objects.create(hostname="other.example.org", root_page=other_home)
    other_index = EventIndexPageFactory(parent=other_home)
    EventPageFactory(parent=other_index, title="Other town fete", start_date=day(4))
    assert "Other town fete" not in titles(client.get("/events/"))
    assert titles(client.get("/events/", HTTP_HOST="other.example.org")) == ["Other town fete"]
