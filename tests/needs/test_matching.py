"""needs.matching: the hard rules (a volunteer failing only one is left out, from both sides),
the ranking on a hand-made set, stable ties, fairness, and offers for needs."""

import datetime

import pytest
from django.utils import timezone

from hub.locations import distance_miles
from needs import matching
from needs.choices import ApplicationStatus, NeedStatus, Timing, WithdrawnBy
from needs.factories import ApplicationFactory, NeedCheckFactory, NeedFactory
from needs.models import Suggested
from partners.choices import OfferKind, OfferStatus
from partners.factories import OfferFactory, OrganisationPageFactory
from volunteering.choices import CheckKind, Workforce
from volunteering.factories import CredentialFactory, VolunteerFactory
from volunteering.models import Absence, Volunteer

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
# The first Saturday at least three days away: the series below is three Saturdays.
SATURDAY = TODAY + datetime.timedelta(days=3 + (5 - (TODAY.weekday() + 3)) % 7)
MILE_OF_LATITUDE = 1 / 69.05


def series(organisation, **fields):
    """Three Saturday mornings in Devizes; drivers with a verified children's enhanced DBS."""
    defaults = {
        "organisation": organisation,
        "title": "Lunch club drivers",
        "timing": Timing.WEEKLY,
        "starts_on": SATURDAY,
        "repeat_until": SATURDAY + datetime.timedelta(days=14),
        "start_time": datetime.time(9, 30),
        "end_time": datetime.time(11, 30),
        "driving": True,
    }
    need = NeedFactory(**{**defaults, **fields})
    NeedCheckFactory(
        need=need,
        kind=CheckKind.DBS_ENHANCED,
        workforce=Workforce.CHILDREN,
        must_be_verified=True,
    )
    return need


def fit_volunteer(check=None, **fields):
    """A driver two miles out, free on Saturday mornings, with a verified enhanced DBS for
    children (``check`` changes the check; ``None`` in it for no check at all)."""
    defaults = {
        "postcode": "SN10 3BN",
        "travel_miles": 5,
        "driving": True,
        "availability": ["sat_morning", "sun_afternoon"],
    }
    volunteer = VolunteerFactory(**{**defaults, **fields})
    check = {
        "kind": CheckKind.DBS_ENHANCED,
        "workforce": Workforce.CHILDREN,
        "verified_at": timezone.now(),
        **(check or {}),
    }
    if check["kind"] is not None:
        CredentialFactory(volunteer=volunteer, **check)
    return volunteer


def commit(volunteer, organisation):
    other = NeedFactory(organisation=organisation, title="Another need", teaching=True)
    ApplicationFactory(need=other, volunteer=volunteer, status=ApplicationStatus.ACCEPTED)


# One volunteer per rule, failing that rule only.
FAILING = {
    "no required skill": ("skills", lambda org: fit_volunteer(driving=False)),
    "no check at all": ("checks", lambda org: fit_volunteer(check={"kind": None})),
    "check expires before the second date": (
        "checks",
        lambda org: fit_volunteer(check={"expires_on": SATURDAY + datetime.timedelta(days=3)}),
    ),
    "check for the wrong workforce": (
        "checks",
        lambda org: fit_volunteer(check={"workforce": Workforce.ADULTS}),
    ),
    "check of a lower level": ("checks", lambda org: fit_volunteer(check={"kind": "dbs_standard"})),
    "PVG for an English need": ("checks", lambda org: fit_volunteer(check={"kind": "pvg"})),
    "AccessNI for an English need": (
        "checks",
        lambda org: fit_volunteer(check={"kind": "accessni"}),
    ),
    "check not verified": ("checks", lambda org: fit_volunteer(check={"verified_at": None})),
    "check revoked": ("checks", lambda org: fit_volunteer(check={"revoked_at": timezone.now()})),
    "too far for their travel": (
        "distance",
        lambda org: fit_volunteer(postcode="SN8 1AA", travel_miles=3),
    ),
    "online only, for a place": (
        "distance",
        lambda org: fit_volunteer(online_only=True, travel_miles=None),
    ),
    "not free on Saturday mornings": (
        "availability",
        lambda org: fit_volunteer(availability=["sat_afternoon", "sun_morning"]),
    ),
    "away on the third date": ("away", lambda org: away(fit_volunteer(), 14)),
    "at their commitment limit": (
        "commitments",
        lambda org: committed(fit_volunteer(commitment_limit=1), org),
    ),
}

PASSING = {
    "as asked": lambda org: fit_volunteer(),
    "barred list is above enhanced": lambda org: fit_volunteer(check={"kind": "dbs_barred"}),
    "children and adults serves children": lambda org: fit_volunteer(
        check={"workforce": Workforce.BOTH}
    ),
    "expires after the last date": lambda org: fit_volunteer(
        check={"expires_on": SATURDAY + datetime.timedelta(days=14)}
    ),
    "away the week before": lambda org: away(fit_volunteer(), -7),
    "one commitment under a limit of two": lambda org: committed(
        fit_volunteer(commitment_limit=2), org
    ),
}


def away(volunteer, days):
    day = SATURDAY + datetime.timedelta(days=days)
    Absence.objects.create(volunteer=volunteer, starts_on=day, ends_on=day)
    return volunteer


def committed(volunteer, organisation):
    commit(volunteer, organisation)
    return volunteer


def miles_between(need, volunteer):
    return distance_miles(need.point, volunteer.latitude, volunteer.longitude)


def suggested_ids(need):
    return [match.volunteer.pk for match in matching.eligible_volunteers(need)]


def fitting_ids(volunteer):
    return [match.need.pk for match in matching.fitting(volunteer)]


@pytest.mark.parametrize("case", FAILING)
def test_a_volunteer_failing_only_one_rule_is_left_out_from_both_sides(tree, case):
    rule, make = FAILING[case]
    need = series(tree.organisation)
    volunteer = make(tree.organisation)
    passing = fit_volunteer()
    match = matching.assess(
        matching.Opening(need),
        matching.candidate(volunteer),
        None if volunteer.latitude is None else miles_between(need, volunteer),
    )
    assert match.failures == [rule]
    assert suggested_ids(need) == [passing.pk]
    assert need.pk not in fitting_ids(volunteer)
    assert fitting_ids(passing) == [need.pk]


@pytest.mark.parametrize("case", PASSING)
def test_a_volunteer_passing_every_rule_is_suggested_and_sees_the_need(tree, case):
    need = series(tree.organisation)
    volunteer = PASSING[case](tree.organisation)
    assert suggested_ids(need) == [volunteer.pk]
    assert fitting_ids(volunteer) == [need.pk]


def test_a_volunteer_who_declined_or_left_a_need_is_not_shown_it_again(tree):
    need = series(tree.organisation)
    volunteer = fit_volunteer()
    ApplicationFactory(
        need=need,
        volunteer=volunteer,
        status=ApplicationStatus.WITHDRAWN,
        withdrawn_by=WithdrawnBy.VOLUNTEER,
    )
    match = matching.assess(
        matching.Opening(need), matching.candidate(volunteer), miles_between(need, volunteer)
    )
    assert match.failures == ["declined"]
    assert fitting_ids(volunteer) == []
    assert suggested_ids(need) == []


def test_online_needs_are_for_anyone_and_online_only_volunteers_get_only_those(tree):
    online = NeedFactory(
        organisation=tree.organisation, online=True, postcode="", starts_on=SATURDAY
    )
    place = NeedFactory(organisation=tree.organisation, starts_on=SATURDAY)
    at_home = VolunteerFactory(online_only=True, travel_miles=None)
    far = VolunteerFactory(postcode="LS1 1UR", travel_miles=5)
    near = VolunteerFactory(postcode="SN10 3BN", travel_miles=5)
    assert fitting_ids(at_home) == [online.pk]
    assert fitting_ids(far) == [online.pk]
    assert set(fitting_ids(near)) == {online.pk, place.pk}
    assert set(suggested_ids(online)) == {at_home.pk, far.pk, near.pk}
    assert suggested_ids(place) == [near.pk]


def test_pvg_counts_in_scotland_and_accessni_in_northern_ireland_only():
    def requirement(postcode):
        need = NeedFactory.build(postcode=postcode)
        check = NeedCheckFactory.build(need=need, kind=CheckKind.DBS_ENHANCED)
        nation = {"scottish": need.is_scottish, "northern_irish": need.is_northern_irish}
        return matching.Requirement.of(check, TODAY, **nation)

    def held(kind):
        return CredentialFactory.build(kind=kind, workforce="", verified_at=None)

    england, scotland, ulster = (requirement(p) for p in ("SN10 1AB", "EH1 1YZ", "BT1 1AA"))
    assert england.met_by(held("dbs_barred")) and not england.met_by(held("pvg"))
    assert scotland.met_by(held("pvg")) and not scotland.met_by(held("accessni"))
    assert ulster.met_by(held("accessni")) and not ulster.met_by(held("pvg"))
    assert not any(r.met_by(held("dbs_standard")) for r in (england, scotland, ulster))


def test_a_scottish_need_is_suggested_a_pvg_member(tree):
    need = series(tree.organisation, postcode="EH1 1YZ")
    member = fit_volunteer(postcode="EH1 2NG", check={"kind": "pvg", "workforce": "both"})
    fit_volunteer(postcode="EH1 2NG", check={"kind": "accessni", "workforce": "both"})
    assert suggested_ids(need) == [member.pk]


def test_a_need_for_things_is_never_matched_with_volunteers(tree):
    need = NeedFactory(organisation=tree.organisation, kind=OfferKind.VENUE)
    volunteer = VolunteerFactory()
    assert suggested_ids(need) == []
    assert fitting_ids(volunteer) == []


def test_closed_filled_and_past_needs_fit_nobody(tree):
    org = tree.organisation
    NeedFactory(organisation=org, status=NeedStatus.FILLED)
    NeedFactory(organisation=org, status=NeedStatus.CLOSED)
    NeedFactory(organisation=org, starts_on=TODAY - datetime.timedelta(days=1))
    assert fitting_ids(VolunteerFactory()) == []


# --- ranking ------------------------------------------------------------------------------


def placed(need, miles, **fields):
    """A volunteer ``miles`` due north of the need (put there directly: exact distances)."""
    volunteer = VolunteerFactory(travel_miles=25, **fields)
    Volunteer.objects.filter(pk=volunteer.pk).update(
        latitude=need.latitude + miles * MILE_OF_LATITUDE, longitude=need.longitude
    )
    return volunteer


def ranking_need(organisation):
    need = NeedFactory(
        organisation=organisation,
        starts_on=SATURDAY,
        wanted_skills=["cooking", "first_aid"],
    )
    NeedCheckFactory(need=need, kind=CheckKind.FOOD_HYGIENE, workforce="")
    return need


def hygiene(volunteer, verified=False):
    CredentialFactory(
        volunteer=volunteer,
        kind=CheckKind.FOOD_HYGIENE,
        workforce="",
        verified_at=timezone.now() if verified else None,
    )
    return volunteer


def names(matches):
    return [match.volunteer.display_name for match in matches]


def test_the_ranking_puts_nearer_then_wanted_skills_then_verified_then_fewer_commitments(tree):
    need = ranking_need(tree.organisation)
    org = tree.organisation
    hygiene(placed(need, 7, display_name="Far, every wanted skill", cooking=True, first_aid=True))
    hygiene(placed(need, 0.5, display_name="Nearest"))
    hygiene(placed(need, 2.5, display_name="Two wanted skills", cooking=True, first_aid=True))
    hygiene(placed(need, 2.0, display_name="One wanted skill", cooking=True))
    hygiene(placed(need, 1.5, display_name="Verified"), verified=True)
    hygiene(placed(need, 1.2, display_name="Self-declared"))
    busy = hygiene(placed(need, 1.1, display_name="Busy"))
    commit(busy, org)
    placed(need, 0.1, display_name="No check")
    assert names(matching.suggestions(need)) == [
        "Nearest",
        "Two wanted skills",
        "One wanted skill",
        "Verified",
        "Self-declared",
        "Busy",
        "Far, every wanted skill",
    ]


def test_ties_are_broken_by_id_the_same_way_every_time(tree):
    need = ranking_need(tree.organisation)
    twins = [hygiene(placed(need, 2, display_name=f"Twin {n}")) for n in range(5)]
    expected = [twin.pk for twin in twins]
    for _ in range(3):
        assert [match.volunteer.pk for match in matching.eligible_volunteers(need)] == expected


def test_fairness_moves_a_volunteer_suggested_often_lately_down(tree):
    org = tree.organisation
    need = ranking_need(org)
    asked_often = hygiene(placed(need, 0.5, display_name="Asked often"))
    asked_long_ago = hygiene(placed(need, 0.6, display_name="Asked long ago"))
    rested = hygiene(placed(need, 1.5, display_name="Rested"))
    long_ago = timezone.now() - datetime.timedelta(days=matching.FAIRNESS_DAYS + 1)
    for number in range(matching.FAIRNESS_STEP):
        other = NeedFactory(organisation=org, title=f"Other {number}")
        Suggested.objects.create(need=other, volunteer=asked_often)
        Suggested.objects.create(need=other, volunteer=asked_long_ago, at=long_ago)
    # Being shown for this very need does not count against them.
    Suggested.objects.create(need=need, volunteer=rested)
    assert names(matching.eligible_volunteers(need)) == ["Asked long ago", "Rested", "Asked often"]


def test_showing_suggestions_logs_them_once_per_need(tree):
    need = ranking_need(tree.organisation)
    volunteer = hygiene(placed(need, 1))
    matching.suggestions(need)
    matching.suggestions(need)
    assert list(Suggested.objects.values_list("need", "volunteer")) == [(need.pk, volunteer.pk)]


def test_each_match_says_why_in_plain_words(tree):
    need = ranking_need(tree.organisation)
    hygiene(placed(need, 2.1, display_name="Priya", cooking=True), verified=True)
    (match,) = matching.suggestions(need)
    assert match.why() == (
        "2.1 miles, Food hygiene certificate verified, cooking and food hygiene, "
        "free Saturday mornings"
    )
    assert match.why(exact=False).startswith("1 to 3 miles, ")


def test_matching_takes_a_fixed_number_of_queries(tree, django_assert_max_num_queries):
    need = series(tree.organisation)
    for _ in range(3):
        fit_volunteer()
    need = type(need).objects.get(pk=need.pk)
    with django_assert_max_num_queries(8):
        assert len(matching.suggestions(need)) == 3
    for _ in range(10):
        fit_volunteer()
        series(tree.organisation)
    need = type(need).objects.get(pk=need.pk)
    with django_assert_max_num_queries(8):
        assert len(matching.suggestions(need)) == 13
    volunteer = fit_volunteer()
    with django_assert_max_num_queries(8):
        assert len(matching.fitting(volunteer)) == 11


# --- offers and needs ---------------------------------------------------------------------


def test_offers_meet_needs_of_their_kind_in_their_area_on_overlapping_dates(tree):
    org_a = tree.organisation
    org_b = OrganisationPageFactory(parent=tree.partners, title="Devizes Mosque")
    need = NeedFactory(organisation=org_a, kind=OfferKind.VENUE, starts_on=SATURDAY)
    offer = {"organisation": org_b, "kind": OfferKind.VENUE, "radius_miles": 3}
    day = datetime.timedelta(days=1)
    meets = OfferFactory(**offer, title="Hall nearby")
    OfferFactory(**offer, title="Flexible hall", available_from=SATURDAY - day)
    table = {
        "too far": OfferFactory(**{**offer, "postcode": "LS1 1UR"}),
        "food, not a venue": OfferFactory(**{**offer, "kind": OfferKind.FOOD}),
        "the same organisation": OfferFactory(**{**offer, "organisation": org_a}),
        "ends before the need": OfferFactory(**offer, available_until=SATURDAY - day),
        "starts after the need": OfferFactory(**offer, available_from=SATURDAY + day),
        "withdrawn": OfferFactory(**offer, status=OfferStatus.WITHDRAWN),
    }
    found = [offer.title for offer, _miles in matching.offers_for(need)]
    assert sorted(found) == ["Flexible hall", "Hall nearby"]
    assert [n for n, _miles in matching.needs_for(meets)] == [need]
    for case, offer in table.items():
        assert matching.needs_for(offer) == [], case
    volunteers_need = NeedFactory(organisation=org_a, kind=OfferKind.VOLUNTEERS)
    assert matching.offers_for(volunteers_need) == []
