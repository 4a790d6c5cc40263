"""Occurrences of repeating events, with changed dates, across the clock changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from events.choices import DateChange, Repeat
from events.factories import EventPageFactory
from events.models import EventDateChange, EventPage

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def make_series(tree, changes=(), **fields):
    event = EventPageFactory(parent=tree.events, **fields)
    for original, change, new_date in changes:
        EventDateChange.objects.create(
            event=event, original_date=original, change=change, new_date=new_date
        )
    if changes:
        event = EventPage.objects.get(pk=event.pk)
        event.save()
    return event


@pytest.mark.django_db
def test_weekly_event_keeps_local_time_across_october_clock_change(tree):
    # The clocks go back at 02:00 on Sunday 31 October 2027.
    event = make_series(
        tree,
        start_date=datetime.date(2027, 10, 16),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        repeat=Repeat.WEEKLY,
        repeat_count=5,
    )
    starts = [o.start for o in event.occurrences.all()]
    assert [s.astimezone(LONDON).time() for s in starts] == [datetime.time(10)] * 5
    assert [s.astimezone(UTC).hour for s in starts] == [9, 9, 9, 10, 10]
    assert [s.astimezone(LONDON).date() for s in starts] == [
        datetime.date(2027, 10, 16) + datetime.timedelta(weeks=n) for n in range(5)
    ]


@pytest.mark.django_db
def test_weekly_exclusions_cancellations_and_moves(tree):
    first = datetime.date(2027, 10, 9)
    event = make_series(
        tree,
        changes=[
            (datetime.date(2027, 10, 23), DateChange.SKIPPED, None),
            (datetime.date(2027, 10, 30), DateChange.CANCELLED, None),
            (datetime.date(2027, 11, 6), DateChange.MOVED, datetime.date(2027, 11, 7)),
        ],
        start_date=first,
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 0),
        repeat=Repeat.WEEKLY,
        repeat_until=datetime.date(2027, 11, 13),
    )
    rows = [
        (o.start.astimezone(LONDON).date(), o.cancelled, o.original_start)
        for o in event.occurrences.all()
    ]
    assert [r[0] for r in rows] == [
        datetime.date(2027, 10, 9),
        datetime.date(2027, 10, 16),
        datetime.date(2027, 10, 30),
        datetime.date(2027, 11, 7),
        datetime.date(2027, 11, 13),
    ]
    assert [r[1] for r in rows] == [False, False, True, False, False]
    moved = rows[3][2]
    assert moved.astimezone(LONDON) == datetime.datetime(2027, 11, 6, 18, 30, tzinfo=LONDON)
    for occurrence in event.occurrences.all():
        assert occurrence.end - occurrence.start == datetime.timedelta(minutes=90)


@pytest.mark.django_db
def test_monthly_on_first_saturday_and_last_friday(tree):
    first_saturday = make_series(
        tree,
        start_date=datetime.date(2027, 1, 2),
        repeat=Repeat.MONTHLY,
        repeat_count=4,
    )
    days = [o.start.astimezone(LONDON).date() for o in first_saturday.occurrences.all()]
    assert days == [
        datetime.date(2027, 1, 2),
        datetime.date(2027, 2, 6),
        datetime.date(2027, 3, 6),
        datetime.date(2027, 4, 3),
    ]
    assert first_saturday.repeat_description == "The first Saturday of every month"

    last_friday = make_series(
        tree,
        start_date=datetime.date(2027, 1, 29),
        repeat=Repeat.MONTHLY,
        repeat_until=datetime.date(2027, 4, 30),
    )
    days = [o.start.astimezone(LONDON).date() for o in last_friday.occurrences.all()]
    assert days == [
        datetime.date(2027, 1, 29),
        datetime.date(2027, 2, 26),
        datetime.date(2027, 3, 26),
        datetime.date(2027, 4, 30),
    ]


@pytest.mark.django_db
def test_fortnightly(tree):
    event = make_series(
        tree, start_date=datetime.date(2027, 3, 1), repeat=Repeat.FORTNIGHTLY, repeat_count=3
    )
    days = [o.start.astimezone(LONDON).date() for o in event.occurrences.all()]
    assert days == [
        datetime.date(2027, 3, 1),
        datetime.date(2027, 3, 15),
        datetime.date(2027, 3, 29),
    ]


@pytest.mark.django_db
def test_all_day_event_spans_whole_local_days(tree):
    event = make_series(
        tree,
        start_date=datetime.date(2027, 3, 27),  # the clocks go forward on the 28th
        end_date=datetime.date(2027, 3, 28),
        start_time=None,
        end_time=None,
    )
    (occurrence,) = event.occurrences.all()
    assert occurrence.all_day
    assert occurrence.start == datetime.datetime(2027, 3, 27, tzinfo=LONDON)
    assert occurrence.end == datetime.datetime(2027, 3, 29, tzinfo=LONDON)
    assert occurrence.end - occurrence.start == datetime.timedelta(hours=47)


def base_event(**fields):
    values = {
        "title": "Quiz",
        "slug": "quiz",
        "summary": "A quiz.",
        "start_date": datetime.date(2027, 6, 19),
        "start_time": datetime.time(19),
        "end_time": datetime.time(21),
        "postcode": "SN10 1AB",
        "category": "neighbour-day",
    }
    values.update(fields)
    return EventPage(**values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_date": datetime.date(2027, 6, 18)}, "end_date", "before the start"),
        ({"end_time": datetime.time(18)}, "end_time", "ends before it starts"),
        ({"repeat": Repeat.WEEKLY}, "repeat_until", "needs a last date"),
        (
            {"repeat": Repeat.WEEKLY, "repeat_until": datetime.date(2027, 6, 1)},
            "repeat_until",
            "before the first",
        ),
        (
            {"repeat": Repeat.WEEKLY, "repeat_until": datetime.date(2031, 1, 1)},
            "repeat_until",
            "years",
        ),
        ({"postcode": "", "online_url": ""}, "postcode", "online link"),
        ({"postcode": "not a postcode"}, "postcode", "postcode"),
        ({"status": "moved-online"}, "online_url", "online link"),
    ],
)
def test_editors_get_clear_messages(fields, field, message):
    event = base_event(**fields)
    with pytest.raises(ValidationError) as caught:
        event.clean()
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])


@pytest.mark.django_db
def test_postcode_is_normalised_when_cleaned():
    event = base_event(postcode=" sn101ab ")
    event.clean()
    assert event.postcode == "SN10 1AB"


@pytest.mark.django_db
def test_unknown_postcode_is_saved_without_a_location(tree):
    event = EventPageFactory(parent=tree.events, postcode="SN10 1AA")
    event.refresh_from_db()
    assert event.postcode == "SN10 1AA"
    assert event.latitude is None
    assert "couldn't find" in event.location_problem


@pytest.mark.django_db
def test_a_date_change_must_be_on_a_series_date(tree):
    event = make_series(
        tree, start_date=datetime.date(2027, 3, 1), repeat=Repeat.WEEKLY, repeat_count=3
    )
    change = EventDateChange(
        event=event, original_date=datetime.date(2027, 3, 2), change=DateChange.SKIPPED
    )
    with pytest.raises(ValidationError) as caught:
        change.clean()
    assert "original_date" in caught.value.message_dict
