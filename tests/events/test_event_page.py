"""What a visitor and a search engine see on an event page."""

import datetime
import json
import re

import pytest

from events.choices import Status
from events.factories import EventPageFactory


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_event_json_ld_describes_the_event(client, tree):
    event = EventPageFactory(
        parent=tree.events,
        title="Street party </script><script>alert(1)</script>",
        organiser=tree.organisation,
        start_date=datetime.date(2030, 6, 15),
        start_time=datetime.time(14),
        end_time=datetime.time(17),
        venue_name="The Green",
        address="Long Street",
        postcode="SN10 1AB",
        contact_email="private.person@example.org",
    )
    response = client.get(event.url)
    assert response.status_code == 200
    data = json_ld(response)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == "2030-06-15T14:00:00+01:00"
    assert data["endDate"] == "2030-06-15T17:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["address"]["postalCode"] == "SN10 1AB"
    assert data["location"]["geo"]["latitude"] == pytest.approx(51.3526, abs=1e-3)
    assert data["organizer"]["name"] == "St Mary's Church"
    assert data["url"].startswith("http")
    html = response.content.decode()
    assert "</script><script>alert(1)" not in html
    assert "private.person@example.org" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "schema_status", "banner"),
    [
        (Status.CANCELLED, "EventCancelled", "This event is cancelled"),
        (Status.POSTPONED, "EventPostponed", "This event is postponed"),
        (Status.MOVED_ONLINE, "EventMovedOnline", "This event is moved online"),
    ],
)
def test_status_banner_and_schema_status(client, tree, status, schema_status, banner):
    event = EventPageFactory(
        parent=tree.events,
        status=status,
        status_message="Sorry about this.",
        online_url="https://meet.example.org/x",
    )
    response = client.get(event.url)
    html = response.content.decode()
    assert 'role="status"' in html and banner in html and "Sorry about this." in html
    data = json_ld(response)
    assert data["eventStatus"] == f"https://schema.org/{schema_status}"
    if status == Status.MOVED_ONLINE:
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"]["@type"] == "VirtualLocation"
    else:
        assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


@pytest.mark.django_db
def test_all_day_event_and_series_dates(client, tree):
    event = EventPageFactory(
        parent=tree.events,
        start_date=datetime.date(2030, 6, 1),
        start_time=None,
        end_time=None,
        repeat="monthly",
        repeat_count=3,
    )
    response = client.get(event.url)
    html = response.content.decode()
    assert "all day" in html
    assert "The first Saturday of every month" in html
    assert "Saturday 6 July 2030" in html
    assert json_ld(response)["startDate"] == "2030-06-01"


@pytest.mark.django_db
def test_draft_and_private_event_pages_are_not_public(client, tree):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    draft = EventPageFactory(parent=tree.events)
    draft.unpublish()
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    private = EventPageFactory(parent=tree.events)
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.all())
    assert client.get(private.url).status_code == 302  # to the login page
