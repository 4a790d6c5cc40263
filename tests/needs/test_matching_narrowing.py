"""The database's narrowing in needs.matching leaves out only what ``assess`` refuses: times
of day against the weekly grid, and required checks a volunteer's checks cannot meet, read
from both sides (a volunteer's "fits you" and a need's suggestions)."""

import datetime

import pytest
from django.utils import timezone

from needs import matching
from needs.choices import Timing
from needs.factories import NeedCheckFactory, NeedFactory
from volunteering.choices import CheckKind, Workforce
from volunteering.factories import CredentialFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
SATURDAY = TODAY + datetime.timedelta(days=3 + (5 - (TODAY.weekday() + 3)) % 7)
SUNDAY = SATURDAY + datetime.timedelta(days=1)


def at(start, end):
    return {
        "start_time": None if start is None else datetime.time(*start),
        "end_time": None if end is None else datetime.time(*end),
    }


# (need's fields, fits a volunteer free on Saturday mornings only?)
TIMES = {
    "Saturday 9:00 to 11:00": ({"starts_on": SATURDAY, **at((9,), (11,))}, True),
    "Saturday 11:00 to 13:00": ({"starts_on": SATURDAY, **at((11,), (13,))}, False),
    "Saturday 11:00 to 12:00": ({"starts_on": SATURDAY, **at((11,), (12,))}, True),
    "Saturday 14:00 to 16:00": ({"starts_on": SATURDAY, **at((14,), (16,))}, False),
    "Saturday 10:00, no end": ({"starts_on": SATURDAY, **at((10,), None)}, True),
    "Saturday 18:00, no end": ({"starts_on": SATURDAY, **at((18,), None)}, False),
    "Saturday 22:00 to 1:00": ({"starts_on": SATURDAY, **at((22,), (1,))}, False),
    "Saturday, no times": ({"starts_on": SATURDAY, **at(None, None)}, False),
    "Sunday 9:00 to 11:00": ({"starts_on": SUNDAY, **at((9,), (11,))}, False),
    "Saturdays 9:00 to 11:00, weekly": (
        {
            "starts_on": SATURDAY,
            "timing": Timing.WEEKLY,
            "repeat_until": SATURDAY + datetime.timedelta(days=21),
            **at((9,), (11,)),
        },
        True,
    ),
    "flexible": (
        {"timing": Timing.FLEXIBLE, "starts_on": None, "deadline": SATURDAY, **at(None, None)},
        True,
    ),
}


@pytest.mark.parametrize("case", TIMES)
def test_the_grid_leaves_out_exactly_the_needs_at_times_a_volunteer_is_busy(tree, case):
    fields, fits = TIMES[case]
    need = NeedFactory(organisation=tree.organisation, **fields)
    mornings = VolunteerFactory(postcode="SN10 3BN", travel_miles=5, availability=["sat_morning"])
    every_hour = VolunteerFactory(
        postcode="SN10 3BN",
        travel_miles=5,
        availability=["sat_morning", "sat_afternoon", "sat_evening", "sun_morning"],
    )
    passes = matching.assess(matching.Opening(need), matching.candidate(mornings), 1.0).passes
    assert passes == fits
    assert ([m.need.pk for m in matching.fitting(mornings)] == [need.pk]) == fits
    assert ([m.volunteer.pk for m in matching.eligible_volunteers(need)].count(mornings.pk)) == fits
    # Free all Saturday and on Sunday mornings: every one of these needs is theirs.
    assert [m.need.pk for m in matching.fitting(every_hour)] == [need.pk]


# (the check the need requires, where; the check held; fits?)
CHECKS = {
    "barred list for standard": (
        {"kind": "dbs_standard"},
        "SN10 1AB",
        {"kind": "dbs_barred"},
        True,
    ),
    "standard for enhanced": (
        {"kind": "dbs_enhanced"},
        "SN10 1AB",
        {"kind": "dbs_standard"},
        False,
    ),
    "PVG for DBS in Scotland": ({"kind": "dbs_enhanced"}, "EH1 1YZ", {"kind": "pvg"}, True),
    "PVG for DBS in England": ({"kind": "dbs_enhanced"}, "SN10 1AB", {"kind": "pvg"}, False),
    "AccessNI for PVG in Scotland": ({"kind": "pvg"}, "EH1 1YZ", {"kind": "accessni"}, False),
    "both workforces for children": (
        {"kind": "dbs_basic", "workforce": Workforce.CHILDREN},
        "SN10 1AB",
        {"kind": "dbs_basic", "workforce": Workforce.BOTH},
        True,
    ),
    "adults for children": (
        {"kind": "dbs_basic", "workforce": Workforce.CHILDREN},
        "SN10 1AB",
        {"kind": "dbs_basic", "workforce": Workforce.ADULTS},
        False,
    ),
    "self-declared where verified is asked": (
        {"kind": "food_hygiene", "must_be_verified": True},
        "SN10 1AB",
        {"kind": "food_hygiene", "verified_at": None},
        False,
    ),
    "verified where verified is asked": (
        {"kind": "food_hygiene", "must_be_verified": True},
        "SN10 1AB",
        {"kind": "food_hygiene"},
        True,
    ),
    "another kind": ({"kind": "food_hygiene"}, "SN10 1AB", {"kind": "first_aid"}, False),
}


@pytest.mark.parametrize("case", CHECKS)
def test_checks_leave_out_exactly_the_needs_a_volunteers_checks_cannot_meet(tree, case):
    required, postcode, held, fits = CHECKS[case]
    need = NeedFactory(organisation=tree.organisation, postcode=postcode, starts_on=SATURDAY)
    NeedCheckFactory(need=need, **{"workforce": "", **required})
    volunteer = VolunteerFactory(postcode=postcode, travel_miles=5, availability=["sat_morning"])
    CredentialFactory(
        volunteer=volunteer,
        **{"workforce": Workforce.BOTH, "verified_at": timezone.now(), **held},
    )
    assert ([m.need.pk for m in matching.fitting(volunteer)] == [need.pk]) == fits
    assert ([m.volunteer.pk for m in matching.eligible_volunteers(need)] == [volunteer.pk]) == fits


def test_a_volunteer_without_checks_sees_only_needs_without_required_checks(tree):
    free = NeedFactory(organisation=tree.organisation, starts_on=SATURDAY)
    checked = NeedFactory(organisation=tree.organisation, starts_on=SATURDAY)
    NeedCheckFactory(need=checked, kind=CheckKind.FIRST_AID, workforce="")
    volunteer = VolunteerFactory(postcode="SN10 3BN", travel_miles=5, availability=["sat_morning"])
    assert [m.need.pk for m in matching.fitting(volunteer)] == [free.pk]
