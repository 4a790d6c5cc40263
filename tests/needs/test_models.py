"""The need's own rules: its dates, the availability slots it covers, when it is open, its
status today, where it is, its history, and the commitments of a volunteer."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from needs.choices import ApplicationStatus, NeedStatus, Timing
from needs.factories import ApplicationFactory, NeedCheckFactory, NeedFactory
from needs.models import Application, Need, NeedChange
from partners.choices import OfferKind
from volunteering.factories import VolunteerFactory

MONDAY = datetime.date(2030, 3, 4)
SATURDAY = datetime.date(2030, 3, 9)


def build(**fields):
    """An unsaved need (the date rules need no database)."""
    defaults = {
        "title": "Lunch club",
        "kind": OfferKind.VOLUNTEERS,
        "description": "Serving lunch.",
        "people_needed": 3,
        "postcode": "SN10 1AB",
        "timing": Timing.DATED,
        "starts_on": SATURDAY,
        "start_time": datetime.time(9),
        "end_time": datetime.time(12),
    }
    return Need(**{**defaults, **fields})


# --- dates() -------------------------------------------------------------------------------


def test_a_dated_need_happens_on_its_date():
    assert build().dates() == [SATURDAY]


def test_a_weekly_need_happens_every_week_up_to_and_including_its_end():
    need = build(timing=Timing.WEEKLY, repeat_until=SATURDAY + datetime.timedelta(days=21))
    assert need.dates() == [SATURDAY + datetime.timedelta(days=7 * n) for n in range(4)]


def test_a_fortnightly_need_skips_a_week_and_stops_before_a_date_between_two():
    need = build(timing=Timing.FORTNIGHTLY, repeat_until=SATURDAY + datetime.timedelta(days=41))
    assert need.dates() == [SATURDAY, SATURDAY + datetime.timedelta(days=14),
                            SATURDAY + datetime.timedelta(days=28)]  # fmt: skip


def test_a_flexible_need_has_no_dates():
    need = build(timing=Timing.FLEXIBLE, starts_on=None, deadline=SATURDAY)
    assert need.dates() == []


def test_a_series_stops_after_a_year_whatever_its_end_says():
    need = build(timing=Timing.WEEKLY, repeat_until=SATURDAY + datetime.timedelta(days=5000))
    dates = need.dates()
    assert len(dates) == 53
    assert dates[-1] - dates[0] <= datetime.timedelta(days=366)


# --- slots() -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((9, 0), (12, 0), ["sat_morning"]),  # ends at noon: the afternoon is not covered
        ((11, 0), (13, 0), ["sat_morning", "sat_afternoon"]),
        ((12, 0), (17, 0), ["sat_afternoon"]),
        ((16, 30), (19, 0), ["sat_afternoon", "sat_evening"]),
        ((17, 0), (21, 0), ["sat_evening"]),
        ((8, 0), (20, 0), ["sat_morning", "sat_afternoon", "sat_evening"]),
    ],
)
def test_the_slots_of_a_need_are_the_parts_of_the_day_its_times_overlap(start, end, expected):
    need = build(start_time=datetime.time(*start), end_time=datetime.time(*end))
    assert need.slots() == expected


def test_a_series_covers_its_weekday_once_and_a_time_without_end_its_starting_part():
    need = build(
        timing=Timing.WEEKLY,
        starts_on=MONDAY,
        repeat_until=MONDAY + datetime.timedelta(days=28),
        start_time=datetime.time(18, 30),
        end_time=None,
    )
    assert need.slots() == ["mon_evening"]


def test_a_flexible_need_covers_no_slot():
    assert build(timing=Timing.FLEXIBLE, starts_on=None, deadline=SATURDAY).slots() == []


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_time": datetime.time(8)}, "end_time", "ends before it starts"),
        (
            {"timing": Timing.WEEKLY, "repeat_until": SATURDAY - datetime.timedelta(days=1)},
            "repeat_until",
            "ends before it starts",
        ),  # fmt: skip
        ({"timing": Timing.WEEKLY}, "repeat_until", "last date"),
        ({"timing": Timing.FLEXIBLE, "starts_on": None}, "deadline", "by which"),
        ({"people_needed": None}, "people_needed", "how many"),
        ({"people_needed": 0}, "people_needed", "greater than or equal to 1"),
        ({"people_needed": 10_000}, "people_needed", "less than or equal to 500"),
        ({"postcode": ""}, "postcode", "online"),
        ({"wanted_skills": ["juggling"]}, "wanted_skills", "juggling"),
    ],
)
def test_bad_needs_are_refused_with_a_reason_on_the_field(tree, fields, field, message):
    need = build(organisation=tree.organisation, **fields)
    with pytest.raises(ValidationError) as raised:
        need.full_clean()
    assert message in " ".join(raised.value.message_dict[field])


def test_an_online_need_needs_no_postcode(tree):
    build(organisation=tree.organisation, postcode="", online=True).full_clean()


# --- open() and current_status() ------------------------------------------------------------


@pytest.mark.django_db
def test_open_needs_are_stored_open_and_not_past_their_last_day(tree):
    today = datetime.date(2030, 3, 10)
    org = tree.organisation
    yesterday = today - datetime.timedelta(days=1)
    kept = {
        NeedFactory(organisation=org, title="today", starts_on=today),
        NeedFactory(organisation=org, title="series ending today", timing=Timing.WEEKLY,
                    starts_on=today - datetime.timedelta(days=14), repeat_until=today),
        NeedFactory(organisation=org, title="deadline today", timing=Timing.FLEXIBLE,
                    starts_on=None, deadline=today),
    }  # fmt: skip
    NeedFactory(organisation=org, title="yesterday", starts_on=yesterday)
    NeedFactory(organisation=org, title="filled", starts_on=today, status=NeedStatus.FILLED)
    NeedFactory(organisation=org, title="closed", starts_on=today, status=NeedStatus.CLOSED)
    NeedFactory(
        organisation=org,
        title="series whose last date is past (its end falls between two dates)",
        timing=Timing.FORTNIGHTLY,
        starts_on=today - datetime.timedelta(days=15),
        repeat_until=today + datetime.timedelta(days=12),
    )
    NeedFactory(organisation=org, title="deadline passed", timing=Timing.FLEXIBLE,
                starts_on=None, deadline=yesterday)  # fmt: skip
    assert set(Need.objects.open(today)) == kept


@pytest.mark.django_db
def test_the_status_today_is_closed_once_the_last_day_has_passed(tree):
    need = NeedFactory(organisation=tree.organisation, starts_on=SATURDAY)
    assert need.current_status(SATURDAY) == NeedStatus.OPEN
    assert need.current_status(SATURDAY + datetime.timedelta(days=1)) == NeedStatus.CLOSED
    need.status = NeedStatus.FILLED
    assert need.current_status(SATURDAY) == NeedStatus.FILLED
    assert need.current_status(SATURDAY + datetime.timedelta(days=1)) == NeedStatus.CLOSED
    assert need.status == NeedStatus.FILLED  # derived on read, nothing written


# --- where ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "online", "scottish", "northern_irish"),
    [
        ("EH1 1YZ", False, True, False),
        ("G1 1XQ", False, True, False),
        ("TD15 1BT", False, False, False),  # Berwick-upon-Tweed: England
        ("TD1 1BS", False, True, False),
        ("BT1 5GS", False, False, True),
        ("SN10 1AB", False, False, False),
        ("EH1 1YZ", True, False, False),  # online: not anywhere's checks
    ],
)
def test_the_nation_of_a_need_comes_from_its_postcode(postcode, online, scottish, northern_irish):
    need = build(postcode=postcode, online=online)
    assert (need.is_scottish, need.is_northern_irish) == (scottish, northern_irish)


# --- history and requirements ----------------------------------------------------------------


@pytest.mark.django_db
def test_every_change_is_recorded_with_who_and_what(tree, django_user_model):
    member = django_user_model.objects.create_user("member")
    need = NeedFactory(organisation=tree.organisation, people_needed=4)
    need.people_needed = 6
    need.save(changed_by=member)
    need.status = NeedStatus.CLOSED
    need.save(changed_by=member)
    need.save(changed_by=member)  # nothing changed: nothing written
    changes = list(need.changes.order_by("at", "pk"))
    assert [change.action for change in changes] == [
        NeedChange.Action.CREATED,
        NeedChange.Action.EDITED,
        NeedChange.Action.CLOSED,
    ]
    assert changes[1].who == "member"
    assert changes[1].described_changes() == [("How many people", "4", "6")]
    assert "last_day" not in changes[0].changes  # worked out, not edited


@pytest.mark.django_db
def test_a_required_check_reads_as_people_say_it(tree):
    requirement = NeedCheckFactory(
        need=NeedFactory(organisation=tree.organisation),
        workforce="children",
        must_be_verified=True,
    )
    assert str(requirement) == "DBS enhanced check, children's workforce, verified"


@pytest.mark.django_db
def test_commitments_are_accepted_or_confirmed_places_on_needs_not_closed(tree):
    today = datetime.date.today()
    volunteer = VolunteerFactory()
    org = tree.organisation

    def application(step, **need_fields):
        need = NeedFactory(organisation=org, **need_fields)
        return ApplicationFactory(need=need, volunteer=volunteer, status=step)

    accepted = application(ApplicationStatus.ACCEPTED)
    confirmed_on_filled = application(ApplicationStatus.CONFIRMED, status=NeedStatus.FILLED)
    application(ApplicationStatus.APPLIED)
    application(ApplicationStatus.WITHDRAWN)
    application(ApplicationStatus.CONFIRMED, status=NeedStatus.CLOSED)
    application(ApplicationStatus.CONFIRMED, starts_on=today - datetime.timedelta(days=1))
    assert set(Application.objects.active(today)) == {accepted, confirmed_on_filled}
    assert set(volunteer.applications.active(today)) == {accepted, confirmed_on_filled}
