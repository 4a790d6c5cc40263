"""A volunteer's way through a need: every step is taken here, and nowhere else.

    apply ──────────────┐                 ┌─▶ declined (organisation, with a reason)
    invite ─▶ invited ──┼─▶ applied ──────┤
                        │                 └─▶ accepted ─▶ confirmed ─▶ completed (hours)
                        └─(says yes)──────────────────────▶ confirmed
    withdrawn: either side, from any step before completed, with a reason

Views, the Volunteer Reserve and the demo call these functions; each checks the step is
allowed from where the application stands (:class:`StepRefused`, with a sentence for the
person, if not), saves in one transaction and e-mails the other side when it commits
(``hub.mail``: a background task). Mail nobody needs to act on (a new application, an
invitation) goes through :mod:`hub.optout`, so it carries an unsubscribe link.

Places: an accepted or confirmed volunteer holds one of the need's ``people_needed``
places. Accepting takes a place with the need's row locked (``select_for_update``), so two
members accepting the last place at the same moment cannot both have it: the second waits
for the first, then finds no place left. The need is marked filled once enough volunteers
have confirmed, and open again if one of them withdraws before its last day.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub import mail, optout
from hub.addresses import absolute
from volunteering.models import ServiceRecord, Volunteer

from . import matching
from .choices import COMMITTED, ApplicationStatus, NeedStatus, Timing, WithdrawnBy
from .models import Application, Need

Status = ApplicationStatus

APPLICATIONS = optout.topic("needs.applications", "new applications to your organisation")
INVITATIONS = optout.topic("needs.invitations", "invitations to help organisations")

MAX_HOURS = Decimal("200")
WITHDRAWABLE = (Status.INVITED, Status.APPLIED, Status.ACCEPTED, Status.CONFIRMED)


class StepRefused(Exception):
    """The step cannot be taken now; ``str()`` says why, for the person who tried."""


# --- the steps ------------------------------------------------------------------------------


def apply(need, volunteer, message="", today=None):
    """The volunteer applies (or answers yes to an invitation, which confirms at once)."""
    with transaction.atomic():
        need = _locked(need)
        _open(need, today)
        application = (
            Application.objects.select_for_update().filter(need=need, volunteer=volunteer).first()
        )
        if application is not None:
            if application.status == Status.INVITED:
                return _answer_yes(application, need, message)
            if not (
                application.status == Status.WITHDRAWN
                and application.withdrawn_by == WithdrawnBy.VOLUNTEER
            ):
                raise StepRefused("You have already applied for this.")
        else:
            application = Application(need=need, volunteer=volunteer)
        application.status, application.message = Status.APPLIED, message
        application.reason = application.withdrawn_by = ""
        application.save()
        _to_organisation(application, "applied", essential=False)
    return application


def invite(need, volunteer, by, today=None):
    """A member invites a volunteer (from the need's suggestions): only one who passes the
    need's hard rules (:mod:`needs.matching`), so a forged post cannot reach anyone else."""
    with transaction.atomic():
        need = _locked(need)
        _open(need, today)
        if Application.objects.filter(need=need, volunteer=volunteer).exists():
            raise StepRefused(f"{volunteer.display_name} has already been asked or has applied.")
        one = Volunteer.objects.filter(pk=volunteer.pk)
        if not matching.eligible_volunteers(need, today, volunteers=one):
            raise StepRefused(f"{volunteer.display_name} does not fit this need's rules.")
        application = Application.objects.create(
            need=need, volunteer=volunteer, status=Status.INVITED, decided_by=by
        )
        _to_volunteer(application, "invited", essential=False)
    return application


def answer_call_out(need, volunteer, today=None):
    """A Volunteer Reserve member said "I can help" to the need's call-out: the organisation
    asked, so they are accepted at once (holding a place, if one is left) and confirm once
    signed in."""
    with transaction.atomic():
        need = _locked(need)
        _open(need, today)
        application = (
            Application.objects.select_for_update().filter(need=need, volunteer=volunteer).first()
        )
        if application is not None and application.status not in (Status.INVITED,):
            raise StepRefused("You have already answered for this need.")
        _take_place(need)
        application = application or Application(need=need, volunteer=volunteer)
        application.status = Status.ACCEPTED
        application.save()
        _to_organisation(application, "said_yes", essential=False)
    return application


def accept(application, by):
    """The organisation accepts an application: it takes one of the places, if one is left."""
    with transaction.atomic():
        need = _locked(application.need)
        application = _step(application, (Status.APPLIED,))
        _take_place(need)
        application.status, application.decided_by = Status.ACCEPTED, by
        application.save(update_fields=["status", "decided_by", "updated_at"])
        _to_volunteer(application, "accepted")
    return application


def decline(application, by, reason):
    with transaction.atomic():
        application = _step(application, (Status.APPLIED,))
        application.status, application.decided_by = Status.DECLINED, by
        application.reason = _reason(reason)
        application.save(update_fields=["status", "decided_by", "reason", "updated_at"])
        _to_volunteer(application, "declined")
    return application


def confirm(application):
    """The volunteer confirms an accepted place."""
    with transaction.atomic():
        need = _locked(application.need)
        application = _step(application, (Status.ACCEPTED,))
        application.status = Status.CONFIRMED
        application.save(update_fields=["status", "updated_at"])
        _fill(need)
        _to_organisation(application, "confirmed", essential=False)
    return application


def withdraw(application, side, by, reason):
    """Either side withdraws (``side``: a :class:`~needs.choices.WithdrawnBy`)."""
    with transaction.atomic():
        need = _locked(application.need)
        application = _step(application, WITHDRAWABLE)
        held_a_place = application.status in COMMITTED
        application.status, application.withdrawn_by = Status.WITHDRAWN, side
        application.reason = _reason(reason)
        if side == WithdrawnBy.ORGANISATION:
            application.decided_by = by
        application.save()
        if held_a_place:
            _reopen(need)
        if side == WithdrawnBy.VOLUNTEER:
            _to_organisation(application, "withdrawn_by_volunteer", essential=held_a_place)
        else:
            _to_volunteer(application, "withdrawn_by_organisation")
    return application


def record_attendance(application, by, attended, hours=None, today=None):
    """After the date, the organisation says whether the volunteer came and for how long:
    the hours become a confirmed entry of the volunteer's passport record."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = _step(application, (Status.CONFIRMED,))
        need = application.need
        day = last_day_done(need, today)
        if day is None:
            raise StepRefused("You can confirm attendance once the date has come.")
        application.status, application.decided_by = Status.COMPLETED, by
        if attended:
            hours = Decimal(hours or 0)
            if not Decimal("0.25") <= hours <= MAX_HOURS:
                raise StepRefused(f"Give the hours given, from 0.25 to {MAX_HOURS}.")
            application.hours = hours
            application.service_record = ServiceRecord.objects.create(
                volunteer=application.volunteer,
                organisation=need.organisation,
                role=need.title,
                date=day,
                hours=hours,
                confirmed_at=timezone.now(),
            )
        else:
            application.hours = Decimal(0)
        application.save()
        _to_volunteer(application, "completed" if attended else "not_attended")
    return application


def last_day_done(need, today):
    """The last of the need's dates that has come (a flexible need: today), else None."""
    if need.timing == Timing.FLEXIBLE:
        return today
    return max((day for day in need.dates() if day <= today), default=None)


def places_taken(need):
    return need.applications.filter(status__in=COMMITTED).count()


# --- inside the steps -----------------------------------------------------------------------


def _locked(need):
    """The need's row, locked until the transaction ends (PostgreSQL; SQLite locks the
    whole database for a write transaction, which serialises the same way)."""
    return (
        Need.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=need.pk)
    )


def _open(need, today):
    if need.current_status(today) != NeedStatus.OPEN:
        raise StepRefused("This opportunity is no longer open.")
    if need.people_needed is None:
        raise StepRefused("This need is for organisations, not volunteers.")


def _step(application, allowed):
    """The application read again, locked, if it stands at one of ``allowed``."""
    fresh = (
        Application.objects.select_for_update(of=("self",))
        .select_related("need__organisation", "volunteer__user")
        .get(pk=application.pk)
    )
    if fresh.status not in allowed:
        raise StepRefused(f"That cannot be done now: it is {fresh.get_status_display().lower()}.")
    return fresh


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise StepRefused("Give a reason: it is passed on.")
    if len(reason) > 1000:
        raise StepRefused("Keep the reason to 1,000 characters.")
    return reason


def _take_place(need):
    if places_taken(need) >= (need.people_needed or 0):
        raise StepRefused(
            f"All {need.people_needed} places are taken: no more volunteers can be accepted."
        )


def _fill(need):
    confirmed = need.applications.filter(status=Status.CONFIRMED).count()
    if need.status == NeedStatus.OPEN and confirmed >= (need.people_needed or 0):
        need.status = NeedStatus.FILLED
        need.save(update_fields=["status", "updated_at"])


def _reopen(need):
    if need.status == NeedStatus.FILLED and not need.is_past():
        need.status = NeedStatus.OPEN
        need.save(update_fields=["status", "updated_at"])


def _answer_yes(application, need, message):
    _take_place(need)
    application.status = Status.CONFIRMED
    application.message = message or application.message
    application.save()
    _fill(need)
    _to_organisation(application, "invitation_accepted", essential=False)
    return application


# --- e-mail ---------------------------------------------------------------------------------


def members(organisation):
    """The addresses of the organisation's members (its editors' group)."""
    users = get_user_model().objects.filter(
        is_active=True, groups__organisation_section__organisation=organisation
    )
    return sorted({user.email for user in users if user.email})


def _render(template, application, link):
    text = render_to_string(
        f"needs/flow/email/{template}.txt",
        {"application": application, "need": application.need, "link": link},
    )
    subject, _, body = text.partition("\n")
    return subject.strip(), body.lstrip()


def _to_volunteer(application, template, essential=True):
    link = absolute(reverse("applications:detail", args=[application.pk]))
    subject, body = _render(template, application, link)
    email = application.volunteer.user.email
    if essential:
        mail.send(subject, body, [email])
    else:
        optout.send(subject, body, [email], INVITATIONS)


def _to_organisation(application, template, essential):
    link = absolute(reverse("applications_dashboard:detail", args=[application.pk]))
    subject, body = _render(template, application, link)
    to = members(application.need.organisation)
    if essential:
        mail.send(subject, body, to)
    else:
        optout.send(subject, body, to, APPLICATIONS)
