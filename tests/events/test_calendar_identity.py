"""UID and SEQUENCE: what lets calendar apps replace their copy of an event instead of
adding a second one, edited through revisions the way the admin edits pages."""

import uuid
from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.choices import DateChange, Status
from events.factories import EventDateChangeFactory, EventPageFactory
from events.models import EventDateChange, EventPage

from .calendars import vevents


def fresh(page):
    return EventPage.objects.get(pk=page.pk)


def publish(page, **changes):
    page = fresh(page)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return fresh(page)


@pytest.fixture
def event(tree):
    page = EventPageFactory(
        parent=tree.events,
        title="Coffee morning",
        start_date=timezone.localdate() + timedelta(days=5),
        start_time=time(10),
        end_time=time(11),
    )
    page.save_revision().publish()
    return fresh(page)


def test_uid_is_a_random_uuid_without_a_host(event, tree):
    other = EventPageFactory(parent=tree.events)
    assert uuid.UUID(str(event.uid)).version == 4
    assert event.uid != other.uid
    assert "@" not in str(event.uid)


def test_uid_survives_edit_rename_move_and_republish(event, tree):
    uid = event.uid
    event = publish(event, summary="Now with cake.")
    assert event.uid == uid
    event = publish(event, title="Coffee and cake morning", slug="coffee-and-cake")
    assert event.uid == uid and event.url_path.endswith("/coffee-and-cake/")
    event.move(tree.organisation, pos="last-child")
    event = fresh(event)
    assert event.uid == uid and "/st-marys-church/" in event.url_path
    event.unpublish()
    event = publish(event)
    assert event.uid == uid and event.live


def test_publishing_an_old_revision_keeps_uid_and_never_lowers_sequence(event):
    old_revision = event.latest_revision
    event = publish(event, start_time=time(11), end_time=time(12))
    assert event.sequence == 1
    old_revision.publish()
    event = fresh(event)
    assert event.start_time == time(10)  # the old time is back ...
    assert event.sequence == 2  # ... as a new change, not as sequence 0 again


def test_a_copy_is_a_new_event_in_calendars(event, tree):
    copy = event.copy(to=tree.organisation, copy_revisions=True)
    copy = fresh(copy)
    assert copy.uid != event.uid and copy.sequence == 0
    # Publishing a revision copied from the original must not bring the original's UID back.
    copy.revisions.order_by("created_at").first().publish()
    assert fresh(copy).uid == copy.uid
    assert fresh(event).uid == event.uid


@pytest.mark.parametrize(
    ("changes", "bumps"),
    [
        ({"title": "Coffee mornign fixed: Coffee morning"}, False),
        ({"summary": "A typo fixed."}, False),
        ({"status_message": "Bring a mug."}, False),
        ({"start_time": time(10, 30)}, True),
        ({"end_time": time(12)}, True),
        ({"start_date": timezone.localdate() + timedelta(days=6)}, True),
        ({"venue_name": "The Church Hall"}, True),
        ({"postcode": "SN10 2AA"}, True),
        ({"status": Status.POSTPONED}, True),
    ],
)
def test_sequence_counts_changes_of_time_place_and_status_only(event, changes, bumps):
    assert event.sequence == 0
    event = publish(event, **changes)
    assert event.sequence == (1 if bumps else 0)


def test_sequence_counts_a_changed_date_of_a_series(event):
    event = publish(event, repeat="weekly", repeat_count=4)
    assert event.sequence == 1
    EventDateChangeFactory(
        event=event,
        original_date=event.start_date + timedelta(days=7),
        change=DateChange.CANCELLED,
    )
    event = publish(fresh(event))
    assert event.sequence == 2
    event = publish(event)  # republishing unchanged
    assert event.sequence == 2


def test_draft_edits_do_not_count_until_published(event):
    draft = fresh(event)
    draft.start_time = time(9)
    draft.save_revision()
    draft.end_time = time(9, 30)
    draft.save_revision()
    assert fresh(event).sequence == 0
    fresh(event).get_latest_revision().publish()
    assert fresh(event).sequence == 1  # two draft edits, one published change


def test_first_publish_of_a_draft_starts_at_zero(tree):
    draft = EventPageFactory(parent=tree.events, live=False, start_time=time(9))
    draft.start_time = time(15)
    draft.end_time = time(16)
    draft.save()  # an unpublished full save
    draft.save_revision().publish()
    assert fresh(draft).sequence == 0


def test_sequence_and_uid_reach_the_feed(client, event):
    event = publish(event, start_time=time(14), end_time=time(15))
    (vevent,) = vevents(client.get("/events/feed.ics").content)
    assert vevent["UID"] == str(event.uid)
    assert vevent["SEQUENCE"] == 1
    seconds = {"microsecond": 0}  # iCalendar times are to the second
    assert vevent["LAST-MODIFIED"].dt == event.updated_at.replace(**seconds)
    assert vevent["DTSTAMP"].dt == event.updated_at.replace(**seconds)
    assert vevent["CREATED"].dt == event.first_published_at.replace(**seconds)


def test_a_moved_date_without_an_end_time_keeps_its_length(tree):
    page = EventPageFactory(
        parent=tree.events, start_time=time(14), end_time=time(17), repeat="weekly", repeat_count=3
    )
    second = page.start_date + timedelta(days=7)
    change = EventDateChangeFactory(
        event=page, original_date=second, change=DateChange.MOVED, new_start_time=time(18)
    )
    page.save()
    moved = page.occurrences.get(original_start__isnull=False)
    assert (moved.end - moved.start) == timedelta(hours=3)
    change.new_end_time = time(17, 30)
    with pytest.raises(Exception, match="end time"):
        EventDateChange.clean(change)
