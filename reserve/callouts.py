"""A call-out from start to "I can help": who is asked, the batches, the signed link.

1. :func:`start` (a moderator, or a member of a verified organisation, on an open emergency
   need) saves the :class:`~reserve.models.CallOut` and queues :func:`queue` for when it
   commits.
2. :func:`queue` (a task) finds the Reserve members who pass the need's hard rules
   (:func:`needs.matching.eligible_volunteers`, best first), leaves out those already asked
   as often today as they allow (``Volunteer.callouts_per_day``, one unless they chose more;
   counted over the last 24 hours, in the database, so the limit holds without a cache) and
   those who left call-out e-mails, saves an :class:`~reserve.models.Ask` for each, and
   queues :func:`send_batch` for every :data:`BATCH` of them, each :data:`BATCH_GAP` after
   the last where the queue can hold a task until later (the database queue and RQ can), so
   a call-out to thousands does not flood the mail server. Its queries do not grow with the
   number of members asked.
3. :func:`send_batch` (a task) e-mails each member of its batch a signed "I can help" link.
4. The link (:func:`make`, :func:`read`) names the ask and its secret, signed for this
   purpose. It works once (an answered ask refuses it), expires with the need (refused once
   the need is filled, closed or past), and needs no sign-in to say yes (:func:`say_yes`):
   the volunteer is then accepted for the need, holding a place, and asked to sign in to
   confirm, as any accepted volunteer confirms.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task, task_backends

from hub import optout
from hub.addresses import absolute
from hub.models import MailOptOut
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
    matches = matching.eligible_volunteers(
        callout.need, volunteers=Volunteer.objects.filter(reserve=True)
    )
    ids = [match.volunteer.pk for match in matches]
    allowed = set(
        Volunteer.objects.filter(pk__in=ids)
        .exclude(user__email__in=MailOptOut.objects.filter(topic=CALLOUTS).values("email"))
        .annotate(
            today=Count(
                "reserve_asks",
                filter=Q(reserve_asks__created_at__gt=now - DAY),
            )
        )
        .filter(today__lt=F("callouts_per_day"))
        .values_list("pk", flat=True)
    )
    asks = Ask.objects.bulk_create(
        [Ask(callout=callout, volunteer_id=pk, created_at=now) for pk in ids if pk in allowed],
        batch_size=1000,
    )
    callout.queued_at = now
    callout.save(update_fields=["queued_at"])
    ask_ids = [ask.pk for ask in asks]
    deferred = task_backends[send_batch.backend].supports_defer
    for number, first in enumerate(range(0, len(ask_ids), BATCH)):
        batch = send_batch.using(run_after=now + number * BATCH_GAP) if deferred else send_batch
        batch.enqueue(ask_ids[first : first + BATCH])
    return len(ask_ids)


@task()
def send_batch(ask_ids):
    """E-mail one batch of asks (those not sent yet, on a need still open)."""
    asks = list(
        Ask.objects.filter(pk__in=ask_ids, sent_at=None).select_related(
            "volunteer__user", "callout__need__organisation"
        )
    )
    sent = 0
    for ask in asks:
        need = ask.callout.need
        if need.current_status() != NeedStatus.OPEN:
            continue
        text = render_to_string(
            "reserve/email/callout.txt",
            {"ask": ask, "need": need, "callout": ask.callout, "link": link(ask)},
        )
        subject, _, body = text.partition("\n")
        if optout.send(subject.strip(), body.lstrip(), [ask.volunteer.user.email], CALLOUTS):
            sent += 1
    Ask.objects.filter(pk__in=[ask.pk for ask in asks]).update(sent_at=timezone.now())
    return sent


def make(ask):
    return signing.dumps([ask.pk, ask.secret], salt=SALT, compress=True)


def link(ask):
    return absolute(reverse("reserve:yes", args=[make(ask)]))


def read(token):
    """The ask a genuine link names, else None."""
    try:
        pk, secret = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    ask = (
        Ask.objects.filter(pk=pk)
        .select_related("callout__need__organisation", "volunteer__user")
        .first()
    )
    if ask is None or ask.secret != secret:
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
