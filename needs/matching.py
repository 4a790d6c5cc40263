"""Matching: which volunteers fit a need, which needs fit a volunteer, which offers fit a need.

One function decides whether a volunteer fits a need, :func:`assess`, wherever the hub
matches people to needs: an organisation's suggestions (:func:`suggestions`), the "fits you"
badges of the public list and "opportunities that fit you" in the passport
(:func:`fitting`), and the Volunteer Reserve's call-outs (:func:`eligible_volunteers`).
Given a need and a volunteer, with the facts loaded for them (their checks, dates away,
commitments, the needs they left, how often they were suggested lately), it says whether the
volunteer passes every hard rule, how they rank, and why, in plain words.

Hard rules (a volunteer who fails one is never suggested):

* ``skills``: every skill the need **requires** is in their passport;
* ``checks``: every check the need requires is held: not revoked and not expired on any
  date of the need (a flexible need: up to its deadline), of the right workforce (a check
  for "children and adults" serves either), at least the required level (DBS enhanced with
  barred list >= enhanced >= standard >= basic; a PVG counts, at any DBS level, for a need in
  Scotland and an AccessNI check for one in Northern Ireland, and neither anywhere else), and
  verified by an organisation where the need says so;
* ``distance``: the place is within their travel distance (an online need: anyone; an
  "online only" volunteer: online needs only);
* ``availability``: their weekly grid covers the need's times (:meth:`Need.slots`);
* ``away``: they are not away on any of its dates;
* ``commitments``: they hold fewer active commitments (accepted or confirmed places on needs
  not closed) than their own limit;
* ``declined``: they have not declined this need, withdrawn from it or been turned down.

Ranking of those who pass (:attr:`Match.rank`, smallest first): the distance band (under 1
mile, 1 to 3, 3 to 5, 5 to 10, further; an online need puts everyone in the first), moved
one band further for every :data:`FAIRNESS_STEP` other needs they were suggested for in the
last :data:`FAIRNESS_DAYS` days (so the same few are not always asked); then more of the
wanted (not required) skills; more of the required checks verified rather than
self-declared; fewer current commitments; fewer recent suggestions; the exact distance; and
last the volunteer's and the need's ids, so the order is the same every time.

The queries narrow first, in the database and in a fixed number of queries whatever the
number of volunteers or needs (the bounding box of :func:`hub.locations.near`, required
skills, required checks as ``EXISTS``, the availability grid); :func:`assess` then decides
on that short list, with its checks, dates away, commitments and suggestions read in one
query each. The narrowing is written from the same rules
(:class:`Requirement` holds each check rule once, for Python and for SQL), so it only ever
leaves out people :func:`assess` would refuse.

Offers and needs between organisations (:func:`offers_for`, :func:`needs_for`): a need for a
venue, food, equipment or transport and another organisation's available offer of that kind
match when the offer's area reaches the need's place and their dates overlap.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Mod
from django.utils import timezone

from hub.geocoder import Point
from hub.locations import describe_miles, in_box, near, within_reach
from partners.choices import OfferKind, OfferStatus
from partners.models import Offer
from volunteering.choices import DAYS, SKILLS, SLOTS, TIMES, CheckKind, Workforce
from volunteering.models import MAX_TRAVEL_MILES, Absence, Credential, Volunteer

from .choices import ApplicationStatus, Timing
from .filters import time_condition
from .models import Application, Need, NeedCheck, Suggested

# What an organisation sees of how far away a volunteer is, and the first thing ranked:
# (up to this many miles, how it is said).
BANDS = [
    (1, "under 1 mile"),
    (3, "1 to 3 miles"),
    (5, "3 to 5 miles"),
    (10, "5 to 10 miles"),
    (MAX_TRAVEL_MILES, f"10 to {MAX_TRAVEL_MILES} miles"),
]
FAIRNESS_DAYS = 14
FAIRNESS_STEP = 3
SUGGESTIONS = 20
# An online need may draw on the whole country: the ranking sees at most this many of those
# who pass the database's narrowing, a slice of its own for each need (see
# eligible_volunteers), picked by (id * SPREAD + need id) mod SPREAD_MODULUS.
ONLINE_POOL = 300
SPREAD, SPREAD_MODULUS = 7919, 1_000_003
# What matching reads of a need (and the passport shows of it, with organisation_title).
NEED_FIELDS = [
    "uuid",
    "title",
    "kind",
    "online",
    "postcode",
    "latitude",
    "longitude",
    "timing",
    "starts_on",
    "start_time",
    "end_time",
    "repeat_until",
    "deadline",
    "wanted_skills",
    "organisation",
    *SKILLS,
]
CREDENTIAL_FIELDS = ["volunteer_id", "kind", "workforce", "expires_on", "revoked_at", "verified_at"]
# What matching reads of a volunteer (the rest of the passport stays in the database).
VOLUNTEER_FIELDS = [
    "pk",
    "display_name",
    "district",
    "latitude",
    "longitude",
    "travel_miles",
    "online_only",
    "availability",
    "commitment_limit",
    *SKILLS,
]

# Needs met by people (matched with volunteers) and needs met by things (matched with offers).
PEOPLE_KINDS = (OfferKind.VOLUNTEERS, OfferKind.SKILLS)
THING_KINDS = (OfferKind.VENUE, OfferKind.FOOD, OfferKind.EQUIPMENT, OfferKind.TRANSPORT)

DBS_LEVELS = [
    CheckKind.DBS_BASIC,
    CheckKind.DBS_STANDARD,
    CheckKind.DBS_ENHANCED,
    CheckKind.DBS_BARRED,
]
# A volunteer who left the need, or was turned down for it, is not asked again.
LEFT = (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)
DAY_KEYS = [day[:3].lower() for day in DAYS]  # "mon"... as in the grid's keys
RULES = ("skills", "checks", "distance", "availability", "away", "commitments", "declined")
# The rules a volunteer's own row decides, before their checks and commitments are read.
ROW_RULES = {"skills", "distance", "availability"}


@dataclass(frozen=True)
class Requirement:
    """One required check of a need, as the kinds, workforces and dates that meet it."""

    label: str
    kinds: frozenset
    workforces: frozenset | None  # None: any
    valid_until: datetime.date
    verified: bool

    @classmethod
    def of(cls, check, valid_until, scottish=False, northern_irish=False):
        """The requirement ``check`` (a NeedCheck) of a need whose dates end ``valid_until``,
        in Scotland or Northern Ireland or neither."""
        kinds = []
        if check.kind in DBS_LEVELS:
            kinds = DBS_LEVELS[DBS_LEVELS.index(check.kind) :]
        elif check.kind not in (CheckKind.PVG, CheckKind.ACCESSNI):
            kinds = [check.kind]
        if scottish and check.kind in (*DBS_LEVELS, CheckKind.PVG):
            kinds.append(CheckKind.PVG)
        if northern_irish and check.kind in (*DBS_LEVELS, CheckKind.ACCESSNI):
            kinds.append(CheckKind.ACCESSNI)
        workforces = None
        if check.workforce:
            workforces = frozenset({check.workforce, Workforce.BOTH})
        return cls(
            label=CheckKind(check.kind).label,
            kinds=frozenset(kinds),
            workforces=workforces,
            valid_until=valid_until,
            verified=check.must_be_verified,
        )

    def met_by(self, credential):
        return (
            credential.kind in self.kinds
            and (self.workforces is None or credential.workforce in self.workforces)
            and credential.revoked_at is None
            and (credential.expires_on is None or credential.expires_on >= self.valid_until)
            and (credential.verified_at is not None or not self.verified)
        )

    def q(self):
        """The same rule as :meth:`met_by`, for the database (on Credential)."""
        condition = Q(kind__in=self.kinds, revoked_at__isnull=True) & (
            Q(expires_on__isnull=True) | Q(expires_on__gte=self.valid_until)
        )
        if self.workforces is not None:
            condition &= Q(workforce__in=self.workforces)
        if self.verified:
            condition &= Q(verified_at__isnull=False)
        return condition


class Opening:
    """A need, with what matching asks of it worked out once."""

    def __init__(self, need, today=None, checks=None):
        """``checks``: the need's required checks if already read (else they are read)."""
        self.need = need
        self.today = today or timezone.localdate()
        self.dates = need.dates()
        self.slots = need.slots()
        self.last_day = self.dates[-1] if self.dates else (need.deadline or self.today)
        self.skills = [key for key in SKILLS if getattr(need, key)]
        self.wanted = [
            key for key in need.wanted_skills or [] if key in SKILLS and key not in self.skills
        ]
        checks = list(need.required_checks.all()) if checks is None else checks
        nation = {}
        if checks:
            nation = {"scottish": need.is_scottish, "northern_irish": need.is_northern_irish}
        self.requirements = [Requirement.of(check, self.last_day, **nation) for check in checks]


@dataclass
class Candidate:
    """A volunteer, with the facts matching needs about them."""

    volunteer: Volunteer
    credentials: list = field(default_factory=list)
    absences: list = field(default_factory=list)
    commitments: int = 0
    applied: frozenset = frozenset()  # ids of the needs they have an application for
    left: frozenset = frozenset()  # of those, the ones they declined, left or were turned down for
    suggested: int = 0  # other needs they were suggested for lately


@dataclass
class Match:
    """How one volunteer and one need fit: :attr:`failures` empty means they do."""

    opening: Opening
    candidate: Candidate
    miles: float | None
    failures: list
    wanted: list  # the wanted skills they have, as keys
    checks: list  # [(requirement label, verified?)] for each required check they hold

    @property
    def need(self):
        return self.opening.need

    @property
    def volunteer(self):
        return self.candidate.volunteer

    @property
    def first_name(self):
        """All an organisation sees of the name until the volunteer applies."""
        return (self.volunteer.display_name.split() or [""])[0]

    @property
    def passes(self):
        return not self.failures

    @property
    def band(self):
        """The index of the distance band (0 for an online need)."""
        if self.miles is None:
            return 0
        return next(
            (index for index, (limit, _label) in enumerate(BANDS) if self.miles < limit),
            len(BANDS) - 1,
        )

    @property
    def band_label(self):
        return "online" if self.miles is None else BANDS[self.band][1]

    @property
    def verified(self):
        return sum(verified for _label, verified in self.checks)

    @property
    def rank(self):
        """The sort key: see the module docstring."""
        candidate = self.candidate
        return (
            self.band + candidate.suggested // FAIRNESS_STEP,
            -len(self.wanted),
            -self.verified,
            candidate.commitments,
            candidate.suggested,
            self.miles or 0.0,
            self.volunteer.pk,
            self.need.pk,
        )

    @property
    def skills(self):
        """The labels of the need's required and wanted skills they have."""
        return [SKILLS[key] for key in self.opening.skills + self.wanted]

    @property
    def check_words(self):
        return [f"{label} {'verified' if ok else 'self-declared'}" for label, ok in self.checks]

    @property
    def free_words(self):
        slots = self.opening.slots
        if not slots:
            return ""
        times = [f"{SLOTS[key]}s" for key in slots]
        listed = times[0] if len(times) == 1 else f"{', '.join(times[:-1])} and {times[-1]}"
        return f"free {listed}"

    def why(self, exact=True):
        """Why they fit, in plain words: "2.1 miles, Food hygiene certificate verified, free
        Saturday mornings". ``exact=False`` gives the distance band instead of the miles (what
        an organisation sees before the volunteer applies)."""
        if self.miles is None:
            distance = "online"
        else:
            distance = describe_miles(self.miles) if exact else self.band_label
        wanted = [f"{SKILLS[key].lower()}" for key in self.wanted]
        parts = [distance, *self.check_words, *wanted, self.free_words]
        return ", ".join(part for part in parts if part)

    @property
    def why_for_organisation(self):
        return self.why(exact=False)


def assess(opening, candidate, miles):
    """Whether ``candidate`` fits ``opening`` (a :class:`Match`), ``miles`` apart (``None``
    when unknown: always for an online need). The one scoring function: see the module."""
    need, volunteer = opening.need, candidate.volunteer
    failures = []
    if not all(getattr(volunteer, key) for key in opening.skills):
        failures.append("skills")
    checks = []
    for requirement in opening.requirements:
        met = [c for c in candidate.credentials if requirement.met_by(c)]
        if not met:
            failures.append("checks")
            break
        checks.append((requirement.label, any(c.verified_at is not None for c in met)))
    if not need.online and (
        volunteer.online_only
        or volunteer.travel_miles is None
        or miles is None
        or miles > volunteer.travel_miles
    ):
        failures.append("distance")
    if not set(opening.slots) <= set(volunteer.availability or []):
        failures.append("availability")
    if any(a.starts_on <= day <= a.ends_on for a in candidate.absences for day in opening.dates):
        failures.append("away")
    if candidate.commitments >= volunteer.commitment_limit:
        failures.append("commitments")
    if need.pk in candidate.left:
        failures.append("declined")
    wanted = [key for key in opening.wanted if getattr(volunteer, key)]
    return Match(opening, candidate, miles, failures, wanted, checks)


# --- volunteers for a need ----------------------------------------------------------------


def _volunteers(opening):
    """The database's narrowing of the volunteers who may fit ``opening``: skills, checks,
    the weekly grid, place or online, and no application for the need yet."""
    need = opening.need
    volunteers = Volunteer.objects.filter(**dict.fromkeys(opening.skills, True))
    if not need.online:
        volunteers = volunteers.filter(online_only=False, travel_miles__isnull=False)
    for slot in opening.slots:
        if connections[volunteers.db].features.supports_json_field_contains:
            volunteers = volunteers.filter(availability__contains=[slot])
        else:
            # The grid is a JSON list of keys; a key in quotes is found only as itself.
            volunteers = volunteers.filter(availability__icontains=f'"{slot}"')
    # The subqueries last: the database tests them only on the rows still in.
    for requirement in opening.requirements:
        volunteers = volunteers.filter(
            Exists(Credential.objects.filter(requirement.q(), volunteer=OuterRef("pk")))
        )
    # The need's few applications read once, not looked up for every volunteer.
    return volunteers.exclude(pk__in=Application.objects.filter(need=need).values("volunteer"))


def _within_travel(volunteers, point):
    """``volunteers`` whose own travel distance could reach ``point``: those who travel up to
    each band's limit, in that band's box (one query; the exact distance is assess's)."""
    reachable, shorter = None, 0
    for limit, _label in BANDS:
        tier = in_box(volunteers, point, limit).filter(
            travel_miles__gt=shorter, travel_miles__lte=limit
        )
        reachable = tier if reachable is None else reachable | tier
        shorter = limit
    return reachable


def _counts(rows, ids):
    """{volunteer id: number of ``rows``} for the volunteers ``ids`` (one query)."""
    counted = rows.filter(volunteer__in=ids).order_by().values("volunteer").annotate(n=Count("pk"))
    return {row["volunteer"]: row["n"] for row in counted}


def _ranked(opening, found):
    """Matches (passing only, best first) for ``[(volunteer, miles)]``.

    Those who fail a rule their own row decides (:data:`ROW_RULES`) are left out first; for
    the rest, four more queries read their checks of the kinds the need requires, their
    dates away over its dates, their commitments and how many other needs they were
    suggested for lately."""
    found = [
        (volunteer, miles)
        for volunteer, miles in found
        if not ROW_RULES.intersection(assess(opening, Candidate(volunteer), miles).failures)
    ]
    ids = [volunteer.pk for volunteer, _miles in found]
    if not ids:
        return []
    credentials, absences = {}, {}
    kinds = set().union(*(r.kinds for r in opening.requirements))
    if kinds:
        for credential in Credential.objects.filter(volunteer__in=ids, kind__in=kinds).values(
            *CREDENTIAL_FIELDS
        ):
            credentials.setdefault(credential["volunteer_id"], []).append(_row(credential))
    if opening.dates:
        for absence in Absence.objects.filter(
            volunteer__in=ids, starts_on__lte=opening.dates[-1], ends_on__gte=opening.dates[0]
        ).values("volunteer_id", "starts_on", "ends_on"):
            absences.setdefault(absence["volunteer_id"], []).append(_row(absence))
    commitments = _counts(Application.objects.active(opening.today), ids)
    since = timezone.now() - datetime.timedelta(days=FAIRNESS_DAYS)
    suggested = _counts(Suggested.objects.filter(at__gte=since).exclude(need=opening.need), ids)
    matches = []
    for volunteer, miles in found:
        candidate = Candidate(
            volunteer,
            credentials=credentials.get(volunteer.pk, []),
            absences=absences.get(volunteer.pk, []),
            commitments=commitments.get(volunteer.pk, 0),
            suggested=suggested.get(volunteer.pk, 0),
        )
        match = assess(opening, candidate, miles)
        if match.passes:
            matches.append(match)
    matches.sort(key=lambda match: match.rank)
    return matches


def eligible_volunteers(need, today=None, volunteers=None, pool=ONLINE_POOL, limit=None):
    """The volunteers who pass the hard rules for ``need`` and have no application for it
    yet, best first (the first ``limit``, or all), as :class:`Match` objects. ``volunteers``
    narrows the search (e.g. the Volunteer Reserve: ``Volunteer.objects.filter(reserve=True)``).
    A fixed number of queries; a need that is not for people, or has no place on the map and
    is not online, has none.

    The rules are decided on plain rows (the columns of :data:`VOLUNTEER_FIELDS`); the
    volunteers returned are full :class:`Volunteer` objects with their ``user``.

    An online need may draw on the whole country: the ranking then sees a pool of at most
    ``pool`` of those who pass the database's narrowing (``None``: all of them), a slice of
    the country of its own for each need, so that online needs do not all ask the same
    people, and the same slice every time for the same need."""
    opening = Opening(need, today)
    if need.kind not in PEOPLE_KINDS:
        return []
    rows = _volunteers(opening)
    if volunteers is not None:
        rows = rows.filter(pk__in=volunteers.values("pk"))
    if need.online:
        rows = rows.values(*VOLUNTEER_FIELDS)
        if pool is not None:
            spread = Mod(F("pk") * SPREAD + need.pk, SPREAD_MODULUS)
            rows = rows.annotate(spread=spread).order_by("spread")[:pool]
        found = [(_row(row), None) for row in rows]
    elif need.point is None:
        found = []
    else:
        rows = _within_travel(rows, need.point).values(*VOLUNTEER_FIELDS)
        found = [(_row(row), miles) for row, miles in near(rows, need.point, MAX_TRAVEL_MILES)]
    matches = _ranked(opening, found)[:limit]
    people = Volunteer.objects.select_related("user").in_bulk([m.volunteer.pk for m in matches])
    for match in matches:
        match.candidate.volunteer = people[match.volunteer.pk]
    return matches


def _row(values):
    """A row as an object, for the rules to read like the model's (a Volunteer, a
    Credential): plain rows cost far less to load than model instances."""
    return SimpleNamespace(**values)


def suggestions(need, limit=SUGGESTIONS, today=None):
    """The best ``limit`` volunteers for ``need``, as shown to its organisation; each shown
    is logged (:class:`~needs.models.Suggested`), which the fairness rule reads."""
    matches = eligible_volunteers(need, today, limit=limit)
    if matches:
        Suggested.objects.bulk_create(
            [Suggested(need=need, volunteer=match.volunteer) for match in matches],
            ignore_conflicts=True,
        )
    return matches


# --- needs for a volunteer ----------------------------------------------------------------


def candidate(volunteer, today=None):
    """The volunteer with their facts loaded: four queries."""
    today = today or timezone.localdate()
    applications = dict(volunteer.applications.values_list("need_id", "status"))
    return Candidate(
        volunteer,
        credentials=list(volunteer.credentials.filter(revoked_at__isnull=True)),
        absences=list(volunteer.absences.filter(ends_on__gte=today)),
        commitments=Application.objects.active(today).filter(volunteer=volunteer).count(),
        applied=frozenset(applications),
        left=frozenset(need for need, status in applications.items() if status in LEFT),
    )


def _free_for(availability):
    """Needs (a Q) whose times the weekly grid ``availability`` covers, the database's side
    of the ``availability`` rule: no dates (nothing to cover), or on a weekday they are free
    (a series repeats every 7 or 14 days, so it keeps the weekday of its first date) at no
    part of the day they are busy (a need without a start time takes the whole day).

    The times are tested before the weekday, which SQLite reads through a function call."""
    grid = set(availability or [])
    days = {}  # {the parts of the day they are free: [ISO weekdays]}
    for number, day in enumerate(DAY_KEYS, start=1):
        free = frozenset(part for part in TIMES if f"{day}_{part}" in grid)
        if free:
            days.setdefault(free, []).append(number)
    condition = Q(timing=Timing.FLEXIBLE) | Q(starts_on__isnull=True)
    for free, numbers in days.items():
        busy = [part for part in TIMES if part not in free]
        times = Q(start_time__isnull=False) if busy else Q()
        for part in busy:
            times &= ~time_condition(part)
        condition |= times & Q(starts_on__iso_week_day__in=numbers)
    return condition


def _unmet_checks(credentials):
    """Needs (a Q) with a required check that none of ``credentials`` could meet, the
    database's side of the ``checks`` rule: of a kind none of them is or stands for, for a
    workforce none of them serves, or to be verified when none of those is. Dates and
    nations are left to :func:`assess` (a PVG or AccessNI check is taken to stand for a DBS
    check of any level here), so this leaves out only needs it would refuse."""
    could_meet = Q(pk__in=[])
    for credential in credentials:
        kinds = [credential.kind]
        if credential.kind in DBS_LEVELS:
            kinds = DBS_LEVELS[: DBS_LEVELS.index(credential.kind) + 1]
        elif credential.kind in (CheckKind.PVG, CheckKind.ACCESSNI):
            kinds += DBS_LEVELS
        meets = Q(kind__in=kinds)
        if credential.workforce != Workforce.BOTH:
            meets &= Q(workforce="") | Q(workforce=credential.workforce)
        if credential.verified_at is None:
            meets &= Q(must_be_verified=False)
        could_meet |= meets
    return Exists(NeedCheck.objects.filter(need=OuterRef("pk")).exclude(could_meet))


def fitting(volunteer, needs=None, today=None):
    """The open needs that fit ``volunteer`` and that they have not applied for (nor been
    invited to), best first, as :class:`Match` objects: of ``needs`` if given (say, one page
    of the public list), else of every public need. A fixed number of queries.

    The database leaves out the needs that fail a rule it can read cheaply: the kind, the
    skills, the place, the weekly grid and the checks (:func:`_free_for`,
    :func:`_unmet_checks`), tested in that order, the costly last, on the rows still in."""
    today = today or timezone.localdate()
    person = candidate(volunteer, today)
    if person.commitments >= volunteer.commitment_limit:
        return []
    rows = Need.objects.public(today=today) if needs is None else needs.open(today)
    rows = (
        rows.filter(kind__in=PEOPLE_KINDS)
        .exclude(pk__in=person.applied)
        .filter(**{key: False for key in SKILLS if not getattr(volunteer, key)})
        .only(*NEED_FIELDS)
        .annotate(organisation_title=F("organisation__title"))
        .order_by()
    )

    def narrowed(rows):
        return rows.filter(_free_for(volunteer.availability)).exclude(
            _unmet_checks(person.credentials)
        )

    found = [(need, None) for need in narrowed(rows.filter(online=True))]
    if volunteer.latitude is not None and volunteer.travel_miles and not volunteer.online_only:
        point = Point(volunteer.latitude, volunteer.longitude)
        # The box first (near() adds it again), so the rest is read only for rows in it.
        rows = narrowed(in_box(rows.filter(online=False), point, volunteer.travel_miles))
        found += near(rows, point, volunteer.travel_miles)
    checks = {}
    for check in NeedCheck.objects.filter(need__in=[need.pk for need, _miles in found]):
        checks.setdefault(check.need_id, []).append(check)
    matches = [
        assess(Opening(need, today, checks.get(need.pk, [])), person, miles)
        for need, miles in found
    ]
    return sorted((match for match in matches if match.passes), key=lambda match: match.rank)


# --- offers and needs between organisations -------------------------------------------------


def span(need, today=None):
    """(first day, last day) of a need: its dates, or today to its deadline."""
    today = today or timezone.localdate()
    dates = need.dates()
    if dates:
        return dates[0], dates[-1]
    return today, need.deadline or datetime.date.max


def overlaps(offer, first, last):
    return (offer.available_from is None or offer.available_from <= last) and (
        offer.available_until is None or offer.available_until >= first
    )


def offers_for(need, today=None):
    """[(offer, miles)]: other organisations' available offers of the need's kind whose area
    reaches its place and whose dates overlap its own, nearest first (three queries)."""
    if need.kind not in THING_KINDS or need.online or need.point is None:
        return []
    first, last = span(need, today)
    offers = (
        Offer.objects.public(today=today)
        .filter(kind=need.kind)
        .exclude(organisation=need.organisation_id)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=last))
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=first))
    )
    reached = within_reach(offers, need.point, 0)
    rows = offers.select_related("organisation").in_bulk([pk for pk, _miles in reached])
    return [(rows[pk], miles) for pk, miles in reached if pk in rows]


def needs_for(offer, today=None):
    """[(need, miles)]: other organisations' open needs of the offer's kind that its area
    reaches, on dates it is available, nearest first (one query); none for an offer that is
    not available."""
    if (
        offer.kind not in THING_KINDS
        or offer.point is None
        or offer.current_status != OfferStatus.AVAILABLE
    ):
        return []
    needs = (
        Need.objects.public(today=today)
        .filter(kind=offer.kind, online=False)
        .exclude(organisation=offer.organisation_id)
        .select_related("organisation")
    )
    return [
        (need, miles)
        for need, miles in near(needs, offer.point, offer.radius_miles)
        if overlaps(offer, *span(need, today))
    ]
