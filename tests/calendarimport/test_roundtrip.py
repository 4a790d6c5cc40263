"""The hub's own organisation feed, imported into a second organisation, gives the same
occurrences: the export and the import read date changes the same way."""

import datetime

import pytest

from calendarimport.importer import run_import
from calendarimport.models import CalendarSource
from events.choices import DateChange, Repeat
from events.factories import EventDateChangeFactory, EventPageFactory
from events.models import EventPage
from partners.factories import OrganisationPageFactory

from .server import FeedServer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def occurrences(page):
    return [
        (occurrence.start, occurrence.end, occurrence.all_day, occurrence.cancelled)
        for occurrence in page.occurrences.order_by("start")
    ]


def test_an_organisation_feed_round_trip(client, tree):
    first = TODAY + datetime.timedelta(days=3)
    source_org = tree.organisation
    weekly = EventPageFactory(
        parent=source_org,
        title="Lunch club",
        start_date=first,
        start_time=datetime.time(12, 0),
        end_time=datetime.time(13, 30),
        repeat=Repeat.WEEKLY,
        repeat_count=8,
        postcode="SN10 1BT",
    )
    week = datetime.timedelta(weeks=1)
    EventDateChangeFactory(event=weekly, original_date=first + week, change=DateChange.SKIPPED)
    EventDateChangeFactory(
        event=weekly, original_date=first + 2 * week, change=DateChange.CANCELLED
    )
    EventDateChangeFactory(
        event=weekly,
        original_date=first + 3 * week,
        change=DateChange.MOVED,
        new_date=first + 3 * week + datetime.timedelta(days=1),
        new_start_time=datetime.time(18, 0),
    )
    weekly.save_revision().publish()
    EventPageFactory(
        parent=source_org,
        title="Harvest festival",
        start_date=first + datetime.timedelta(days=10),
        start_time=None,
        end_time=None,
        end_date=first + datetime.timedelta(days=11),
    )
    EventPageFactory(
        parent=source_org,
        title="Monthly prayers",
        start_date=first,
        start_time=datetime.time(19, 0),
        end_time=None,
        repeat=Repeat.MONTHLY,
        repeat_until=first + datetime.timedelta(days=200),
    )
    feed = client.get(f"{source_org.url}feed.ics")
    assert feed.status_code == 200
    server = FeedServer()
    try:
        url = server.serve("/hub.ics", feed.content)
        other = OrganisationPageFactory(parent=tree.partners, title="Second organisation")
        other.verified = True
        other.save()
        run = run_import(CalendarSource.objects.create(organisation=other, url=url))
    finally:
        server.close()
    assert (run.added, run.skipped) == (3, 0), run.log
    for original in EventPage.objects.child_of(source_org):
        copy = EventPage.objects.child_of(other).get(title=original.title)
        assert occurrences(copy) == occurrences(original), original.title
        assert copy.postcode == original.postcode
