"""A call-out from start to "I can help": who is asked, the batches, the signed link.

1. :func:`start` (a moderator, or a member of a verified organisation, on an open emergency
   need) saves the :class:`~reserve.models.CallOut` and queues :func:`queue` for when it
   commits.
2. :func:`queue` (a task) finds the Reserve members who pass the need's hard rules
   (:func:`needs.matching.eligible_volunteers`, best first), leaves out those already asked
   as often today as they allow (``Volunteer.callouts_per_day``, one unless they chose more;
   counted over the last 24 hours, in the database, so the limit holds without a cache) and
   those who left call-out e-mails, saves an :class:`~reserve.models.Ask` for each, and
   queues :func:`send_batches`. Its queries do not grow with the number of members asked.
3. :func:`send_batches` (a task) e-mails the next :data:`BATCH` members each a signed
   "I can help" link, and queues itself again :data:`BATCH_GAP` later for the rest where the
   queue can hold a task until later (the database queue and RQ can), so a call-out to
   thousands does not flood the mail server.
4. The link (:func:`make`, :func:`read`) names the ask and its call-out, signed with the
   site's key for this purpose, so it cannot be forged or made for another. It works once
   (an answered ask refuses it), expires with the need (refused once the need is filled,
   closed or past), and needs no sign-in to say yes (:func:`say_yes`): the volunteer is
   then accepted for the need, holding a place, and asked to sign in to confirm, as any
   accepted volunteer confirms.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task, task_backends

from hub import optout
from hub.addresses import absolute
from needs import flow, matching
from needs.choices import ApplicationStatus, NeedStatus
from needs.models import Need
from needs.permissions import need_policy
from volunteering.models import Volunteer

from .models import Ask, CallOut

CALLOUTS = optout.topic("reserve.callouts", "Volunteer Reserve call-outs")
SALT = "reserve.yes"
BATCH = 50
BATCH_GAP = datetime.timedelta(seconds=30)
DAY = datetime.timedelta(hours=24)


def may_call_out(user, need):
    """Moderators, and members of a verified organisation for its own emergency needs."""
    if not need.emergency or not need_policy.user_has_permission_for_instance(user, "change", need):
        return False
    return need_policy.holds_model_permission(user, "change") or need.organisation.verified


def start(need, user, message=""):
    if need.current_status() != NeedStatus.OPEN:
        raise flow.StepRefused("Only an open need can be called out.")
    with transaction.atomic():
        callout, created = CallOut.objects.get_or_create(
            need=need, defaults={"created_by": user, "message": message}
        )
        if not created:
            raise flow.StepRefused("The Reserve has already been called out for this need.")
        transaction.on_commit(lambda: queue.enqueue(callout.pk))
    return callout


@task()
def queue(callout_id, now=None):
    """Save an ask for each member to ask, and queue their batches. Returns how many."""
    callout = CallOut.objects.select_related("need__organisation").get(pk=callout_id)
    now = now or timezone.now()
    asked_lately = (
        Ask.objects.filter(volunteer=OuterRef("pk"), created_at__gt=now - DAY)
        .values("volunteer")
        .annotate(count=Count("pk"))
        .values("count")
    )
    members = (
        Volunteer.objects.filter(reserve=True)
        .annotate(asked_lately=Coalesce(Subquery(asked_lately), 0))
        .filter(asked_lately__lt=F("callouts_per_day"))
    )
    matches = matching.eligible_volunteers(callout.need, volunteers=members)
    gone = optout.left([match.volunteer.user.email for match in matches], CALLOUTS)
    matches = [match for match in matches if match.volunteer.user.email not in gone]
    asks = Ask.objects.bulk_create(
        [
            Ask(callout=callout, volunteer_id=match.volunteer.pk, created_at=now)
            for match in matches
        ],
        batch_size=1000,
    )
    callout.queued_at = now
    callout.save(update_fields=["queued_at"])
    transaction.on_commit(lambda: send_batches.enqueue(callout.pk))
    return len(asks)


@task()
def send_batches(callout_id):
    """E-mail the next :data:`BATCH` members not asked yet, best first; then queue itself
    for the rest, :data:`BATCH_GAP` later, where the queue can hold a task until then (on
    a queue that cannot, the rest are sent now). Stops once the need is no longer open.
    Returns how many were e-mailed by this run."""
    callout = CallOut.objects.select_related("need__organisation").get(pk=callout_id)
    sent = 0
    while callout.need.current_status() == NeedStatus.OPEN:
        batch = list(callout.asks.filter(sent_at=None).select_related("volunteer__user")[:BATCH])
        if not batch:
            break
        sent += send(callout, batch)
        if len(batch) < BATCH:
            break
        if task_backends[send_batches.backend].supports_defer:
            send_batches.using(run_after=timezone.now() + BATCH_GAP).enqueue(callout_id)
            break
    return sent


def send(callout, asks):
    """E-mail one batch: each member their own "I can help" link."""
    need = callout.need
    for ask in asks:
        text = render_to_string(
            "reserve/email/callout.txt",
            {"ask": ask, "need": need, "callout": callout, "link": link(ask)},
        )
        subject, _, body = text.partition("\n")
        optout.send(subject.strip(), body.lstrip(), [ask.volunteer.user.email], CALLOUTS)
    Ask.objects.filter(pk__in=[ask.pk for ask in asks]).update(sent_at=timezone.now())
    return len(asks)


def make(ask):
    return signing.dumps([ask.pk, ask.callout_id], salt=SALT, compress=True)


def link(ask):
    return absolute(reverse("reserve:yes", args=[make(ask)]))


def read(token):
    """The ask a genuine link names, else None."""
    try:
        pk, callout_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    ask = (
        Ask.objects.filter(pk=pk)
        .select_related("callout__need__organisation", "volunteer__user")
        .first()
    )
    if ask is None or ask.callout_id != callout_id:
        return None
    return ask


def problem(ask, today=None):
    """Why the link cannot be used now, or "" if it can."""
    if ask.answered_at is not None:
        return "used"
    if ask.callout.need.current_status(today) != NeedStatus.OPEN:
        return "closed"
    return ""


def say_yes(ask):
    """The member said "I can help": accepted for the need (a place held), to confirm once
    signed in. Raises :class:`~needs.flow.StepRefused` if no place is left."""
    with transaction.atomic():
        ask = Ask.objects.select_for_update().get(pk=ask.pk)
        if ask.answered_at is not None:
            raise flow.StepRefused("You have already answered this call-out.")
        application = flow.answer_call_out(ask.callout.need, ask.volunteer)
        ask.answered_at, ask.application = timezone.now(), application
        ask.save(update_fields=["answered_at", "application"])
    return ask


def counts(callout):
    """Asked (e-mailed), said yes, and confirmed (or done), for the call-out page."""
    return callout.asks.aggregate(
        queued=Count("pk"),
        asked=Count("pk", filter=Q(sent_at__isnull=False)),
        said_yes=Count("pk", filter=Q(answered_at__isnull=False)),
        confirmed=Count(
            "pk",
            filter=Q(
                application__status__in=[ApplicationStatus.CONFIRMED, ApplicationStatus.COMPLETED]
            ),
        ),
    )


def emergency_needs(user, needs):
    """The open emergency needs among ``needs`` not yet called out."""
    return needs.filter(emergency=True, callout__isnull=True).filter(
        pk__in=Need.objects.open().values("pk")
    )
