"""What happens to a gathering: registered, confirmed, changed, cancelled, hidden, followed up.

Every change of state is made here, in one transaction with its counts (``counts.changing``),
and e-mails the organiser through ``hub.mail`` (queued when the transaction commits). The
organiser's own changes (confirm, change, cancel) queue their event page's update
(``tasks.sync_page``), so the organiser is answered at once; a moderator's hide or unhide
changes the page in the same transaction, so what was hidden is off the site when the
moderator is told it is. Views and the admin only call these.

The organiser's identity reaches a registration in one of two ways: typed in the form and
proved by the e-mailed link (:func:`register`), or from a signed-in volunteer's account,
whose e-mail address allauth has already verified (:func:`register_signed_in`, confirmed at
once).
"""

from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub import mail
from hub.addresses import absolute

from . import asking, counts, pages, tasks, tokens
from .choices import Status
from .models import Gathering


def link(name, gathering, purpose, site):
    """The absolute address of a signed link for ``gathering``."""
    return absolute(reverse(name, args=[tokens.make(gathering, purpose)]), site=site)


def _email(gathering, template, site, **context):
    context.update(
        gathering=gathering,
        manage_url=link("neighbourday:manage", gathering, tokens.MANAGE, site),
    )
    text = render_to_string(f"neighbourday/email/{template}.txt", context)
    subject, _, body = text.partition("\n")
    mail.send(subject.strip(), body.lstrip(), [gathering.organiser_email])


def register(gathering, site):
    """Save a new registration (unconfirmed) and send its confirmation link."""
    with transaction.atomic():
        gathering.status = Status.UNCONFIRMED
        gathering.save()
        confirm_url = link("neighbourday:confirm", gathering, tokens.CONFIRM, site)
        _email(gathering, "confirm", site, confirm_url=confirm_url)
    return gathering


def register_signed_in(gathering, volunteer, email, site):
    """Save a signed-in volunteer's registration, confirmed at once: no link to follow, as
    ``email`` is their account's verified address. They are e-mailed the management link."""
    with transaction.atomic():
        gathering.volunteer = volunteer
        gathering.organiser_name = volunteer.display_name
        gathering.organiser_email = email
        gathering.status = Status.UNCONFIRMED
        gathering.save()
        confirm(gathering, site)
        _email(gathering, "registered", site)
    return gathering


def confirm(gathering, site):
    """Confirm an unconfirmed registration: it is counted, and listed if it is open."""
    if gathering.status != Status.UNCONFIRMED:
        return False
    if gathering.created_at < timezone.now() - tokens.UNCONFIRMED_KEPT:
        return False  # past its time: invisible, and purged when the command next runs
    with counts.changing(gathering):
        gathering.status = Status.CONFIRMED
        gathering.confirmed_at = timezone.now()
        gathering.save(update_fields=["status", "confirmed_at"])
        tasks.sync_page_later(gathering, site)
    return True


def update(gathering, site):
    """Save the organiser's changes to a confirmed gathering."""
    with counts.changing(gathering):
        gathering.save()
        tasks.sync_page_later(gathering, site)


def cancel(gathering, site, notify=True):
    with counts.changing(gathering):
        gathering.status = Status.CANCELLED
        gathering.cancelled_at = timezone.now()
        gathering.save(update_fields=["status", "cancelled_at"])
        tasks.sync_page_later(gathering, site)
        asking.close_needs(gathering)
    if notify:
        _email(gathering, "cancelled", site)


def hide(gathering, reason, site, notify=True):
    """A moderator hides a gathering: neither listed nor counted; the organiser is told why."""
    with counts.changing(gathering):
        gathering.hidden = True
        gathering.hidden_reason = reason
        gathering.save(update_fields=["hidden", "hidden_reason"])
        pages.sync(gathering, site)
        asking.close_needs(gathering)
    if notify:
        _email(gathering, "hidden", site)


def unhide(gathering, site):
    with counts.changing(gathering):
        gathering.hidden = False
        gathering.save(update_fields=["hidden"])
        pages.sync(gathering, site)


def record_attendance(gathering, people, note):
    with counts.changing(gathering):
        gathering.attendance = people
        gathering.attendance_note = note
        gathering.save(update_fields=["attendance", "attendance_note"])


def purge_unconfirmed(now=None):
    """Delete registrations left unconfirmed for longer than their link lasts."""
    now = now or timezone.now()
    stale = Gathering.objects.filter(
        status=Status.UNCONFIRMED, created_at__lt=now - tokens.UNCONFIRMED_KEPT
    )
    deleted, _ = stale.delete()
    return deleted


def send_follow_ups(site, today=None):
    """Ask the organisers of yesterday's (or any earlier, not yet asked) gatherings how many
    came. Marked as asked in the same transaction, so a rerun never asks twice."""
    today = today or timezone.localdate()
    sent = 0
    due = Gathering.objects.counted().filter(date__lt=today, follow_up_sent_at__isnull=True)
    for gathering in due.iterator():
        with transaction.atomic():
            marked = Gathering.objects.filter(
                pk=gathering.pk, follow_up_sent_at__isnull=True
            ).update(follow_up_sent_at=timezone.now())
            if marked:
                _email(gathering, "follow_up", site)
                sent += 1
    return sent


RESEND_AFTER = timedelta(minutes=15)


def resend_links(email, site, now=None):
    """E-mail the organiser the link of each of their live registrations again (at most once
    every 15 minutes each, so this page cannot be used to flood someone's inbox)."""
    now = now or timezone.now()
    live = Gathering.objects.filter(
        organiser_email__iexact=email, status__in=[Status.UNCONFIRMED, Status.CONFIRMED]
    ).exclude(link_sent_at__gte=now - RESEND_AFTER)
    for gathering in live:
        with transaction.atomic():
            Gathering.objects.filter(pk=gathering.pk).update(link_sent_at=now)
            if gathering.status == Status.UNCONFIRMED:
                confirm_url = link("neighbourday:confirm", gathering, tokens.CONFIRM, site)
                _email(gathering, "confirm", site, confirm_url=confirm_url)
            else:
                _email(gathering, "links", site)
