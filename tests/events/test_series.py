"""A series is one card in listings and search results ("Every Wednesday, 10am to 12pm, next on
…"), its dates on its page; the day-by-day view stays available, and counts stay right."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.choices import Category
from events.factories import EventPageFactory
from tests.events.test_listing import day, titles

pytestmark = pytest.mark.django_db


def next_weekday(weekday, after=1):
    start = day(after)
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


@pytest.fixture
def series(tree):
    coffee = EventPageFactory(
        parent=tree.events,
        title="Coffee morning",
        category=Category.FOOD,
        start_date=next_weekday(2),  # a Wednesday
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        repeat="weekly",
        repeat_count=10,
    )
    lunch = EventPageFactory(
        parent=tree.events, title="Community lunch", category=Category.FOOD, start_date=day(3)
    )
    return coffee, lunch


def test_a_weekly_series_is_one_card(client, series):
    coffee, _ = series
    response = client.get("/events/")
    assert titles(response).count("Coffee morning") == 1
    html = response.content.decode()
    first = coffee.start_date
    assert f"Every Wednesday, 10am to 12pm, next on Wednesday {first:%-d %B}" in html
    assert re.search(r"2 events \(11 dates\)", html)


def test_the_day_by_day_view_is_an_option(client, series):
    response = client.get("/events/?view=dates")
    assert titles(response).count("Coffee morning") == 10
    html = response.content.decode()
    assert "Show each event once" in html
    assert "11 dates" in html
    assert 'href="?view=dates"' in client.get("/events/").content.decode()


def test_filters_count_occurrences_in_their_range(client, series):
    coffee, _ = series
    to = coffee.start_date + datetime.timedelta(days=14)
    response = client.get(f"/events/?category=food&to={to:%Y-%m-%d}")
    assert titles(response).count("Coffee morning") == 1
    assert "2 events (4 dates)" in response.content.decode()
    every = client.get(f"/events/?category=food&to={to:%Y-%m-%d}&view=dates")
    assert titles(every).count("Coffee morning") == 3
    assert "category=food" in every.content.decode().split("Show each event once")[0][-300:]


def test_the_series_page_lists_its_dates(client, series):
    coffee, _ = series
    html = client.get(coffee.url).content.decode()
    assert html.count("<li>Wednesday") == 10


def test_search_results_say_it_is_a_series(client, series):
    html = client.get("/search/?postcode=SN10+1AB&kind=events").content.decode()
    assert html.count(">Coffee morning<") == 1
    assert "Every Wednesday, 10am to 12pm" in html


def test_grouped_listing_query_count_is_fixed(client, tree, series, django_assert_num_queries):
    client.get("/events/")  # warm the site and settings caches

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/events/?category=food").status_code == 200
        return len(captured)

    few = count()
    for n in range(25):
        EventPageFactory(
            parent=tree.events,
            category=Category.FOOD,
            start_date=day(2 + n),
            repeat="weekly",
            repeat_count=4,
        )
    many = count()
    assert few == many
    with django_assert_num_queries(many):
        client.get("/events/?category=food&page=2")
