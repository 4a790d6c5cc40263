"""Bad input and abuse: each is refused with a clear message next to the field, what was
typed is kept, and the status says what happened."""

import datetime

import pytest
from django.core.cache import caches

from hub import geocoder
from neighbourday import limits
from neighbourday.models import Gathering

from .conftest import form_data

pytestmark = pytest.mark.django_db


def errors_of(response):
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "ZZ99 9ZZ", "find"),
        ("postcode", "not a postcode", "not a UK postcode"),
        ("postcode", "BT1 1AA", "Northern Ireland are not supported yet"),
        ("postcode", "JE2 3AB", "Great Britain"),
        ("postcode", "SN10", "full postcode"),
        ("organiser_email", "ada-at-example", "not an e-mail address"),
        ("people", "5000", "more than 500 people"),
        ("end_time", "12:00", "end time is before the start time"),
        ("date", "not-a-date", "day, month and year"),
        ("street", "12", "name of the street"),
        ("description", "see http://a.example http://b.example www.c.example", "at most 2"),
    ],
)
def test_bad_input_is_explained_and_kept(resident, field, value, message):
    response = resident.register(**{field: value})
    assert response.status_code == 400
    assert message in " ".join(errors_of(response)[field])
    html = response.content.decode()
    assert "Please check" in html
    assert 'value="Ada Organiser"' in html  # what was typed is kept
    assert not Gathering.objects.exists()


def test_a_date_outside_neighbour_day_week(resident, nd):
    for day in (nd.day + datetime.timedelta(days=8), nd.day - datetime.timedelta(days=30)):
        response = resident.register(date=day.isoformat())
        assert response.status_code == 400
        assert "Neighbour Day week" in errors_of(response)["date"][0]
    monday = nd.day - datetime.timedelta(days=nd.day.weekday())
    assert resident.register(date=monday.isoformat()).status_code == 302


def test_html_is_stripped(resident):
    resident.register(description="<script>alert(1)</script><b>Tea</b> and cake")
    assert Gathering.objects.get().description == "alert(1)Tea and cake"


def test_the_honeypot_refuses(resident):
    response = resident.register(website="http://spam.example")
    assert response.status_code == 400
    assert "looks automated" in errors_of(response)["website"][0]
    assert not Gathering.objects.exists()


def test_a_duplicate_is_refused_with_a_way_to_manage_the_first(resident):
    assert resident.register().status_code == 302
    response = resident.register(organiser_email="ADA.Organiser@example.org")
    assert response.status_code == 409
    assert "already registered" in " ".join(errors_of(response).get("__all__"))
    assert 'href="/neighbour-day/links/"' in response.content.decode()
    assert Gathering.objects.count() == 1


def test_the_per_email_limit_refuses(resident, nd):
    postcodes = geocoder.postcodes_in("SN10")
    for number in range(limits.PER_EMAIL):
        assert resident.register(postcode=postcodes[number]).status_code == 302
    # From another address, so only the e-mail limit applies.
    response = resident.post(
        "/neighbour-day/register/",
        form_data(nd.day, postcode=postcodes[limits.PER_EMAIL]),
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 429
    assert "that e-mail address today" in response.content.decode()


def test_the_per_address_limit_refuses_even_with_the_cache_gone(resident, nd):
    for number in range(limits.PER_ADDRESS):
        email = f"person{number}@example.org"
        assert resident.register(organiser_email=email).status_code == 302
        for cache in caches.all():
            cache.clear()  # the limit is counted in the database, not the cache
    response = resident.register(organiser_email="another@example.org")
    assert response.status_code == 429
    assert "from your connection in the last hour" in response.content.decode()
    assert Gathering.objects.count() == limits.PER_ADDRESS
    # Someone else is not affected.
    other = resident.post(
        "/neighbour-day/register/",
        form_data(nd.day, organiser_email="else@example.org"),
        REMOTE_ADDR="10.0.0.3",
    )
    assert other.status_code == 302


def test_only_get_and_post(client, nd):
    assert client.put("/neighbour-day/register/").status_code == 405
    assert client.post("/neighbour-day/").status_code == 405
    assert client.post("/api/neighbour-day/stats.json").status_code == 405
