"""An organisation's page and its calendar feed carry the same events: its own (organised by
it, or in its section of the tree), live, public and of its site; one filter decides."""

import datetime

import pytest
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from events.choices import Status
from events.factories import EventPageFactory
from partners.factories import OrganisationPageFactory


def day(offset):
    return datetime.date.today() + datetime.timedelta(days=offset)


@pytest.mark.django_db
def test_the_page_lists_the_upcoming_events_of_its_feed(client, tree):
    church = tree.organisation
    mosque = OrganisationPageFactory(parent=tree.partners, title="Devizes Mosque")
    made = [
        EventPageFactory(parent=church, title="In its section", start_date=day(2)),
        EventPageFactory(parent=tree.events, title="Organised by it", organiser=church),
        EventPageFactory(parent=church, title="Joint, in its section", organiser=mosque),
        EventPageFactory(
            parent=church, title="Called off", start_date=day(4), status=Status.CANCELLED
        ),
        EventPageFactory(parent=church, title="Last week", start_date=day(-7)),
        EventPageFactory(parent=tree.events, title="The mosque's own", organiser=mosque),
        EventPageFactory(parent=church, title="Draft", live=False),
        EventPageFactory(parent=church, title="Private"),
        EventPageFactory(parent=mosque, title="In the mosque's section"),
    ]
    PageViewRestriction.objects.create(
        page=made[7], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    page = client.get(church.url)
    on_page = {occurrence.event.title for occurrence in page.context["upcoming"]}
    feed = Calendar.from_ical(client.get(f"{church.url}feed.ics").content)
    now = datetime.datetime.now(datetime.UTC)
    in_feed = {
        str(event["SUMMARY"]).removeprefix("Cancelled: ")
        for event in feed.walk("VEVENT")
        if event.decoded("DTEND") > now
    }
    assert (
        on_page
        == in_feed
        == {
            "In its section",
            "Organised by it",
            "Joint, in its section",
            "Called off",
        }
    )
    assert "Last week" in {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}
