"""Introductions: an organisation with a need and one with an offer that could meet it.

Either side introduces them in one click (:func:`introduce`): from the need's side it waits
for the offering side, from the offering side it is accepted at once. Only the offering
side's members decide (:func:`decide`). Contact details (the organisation's telephone and
public e-mail, and the member on each side who acted) are shown to the other side only
once it is accepted (:func:`contacts`). Every step e-mails the other side's members
through the task queue (:func:`hub.mail.send`).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub import mail
from hub.addresses import absolute

from .models import Introduction, IntroductionStatus


def members_emails(organisation):
    """The e-mail addresses of an organisation's members (its editors' group)."""
    users = get_user_model().objects.filter(
        is_active=True, groups__organisation_section__organisation=organisation
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


@transaction.atomic
def introduce(need, offer, user, from_offerer):
    """Introduce the need's and the offer's organisations; returns the introduction.

    An introduction already proposed by the need's side is accepted when the offering side
    introduces them too; a declined one stays declined (history is kept, nothing is asked
    twice)."""
    introduction, created = Introduction.objects.select_for_update().get_or_create(
        need=need,
        offer=offer,
        defaults={"proposed_by": user, "proposed_by_offerer": from_offerer},
    )
    if from_offerer and introduction.status == IntroductionStatus.PROPOSED:
        return decide(introduction, user, accept=True)
    if created:
        _tell(introduction, offer.organisation, "proposed")
    return introduction


@transaction.atomic
def decide(introduction, user, accept):
    """The offering side accepts (contacts are shared) or declines a proposed introduction."""
    introduction.status = IntroductionStatus.ACCEPTED if accept else IntroductionStatus.DECLINED
    introduction.decided_by, introduction.decided_at = user, timezone.now()
    introduction.save(update_fields=["status", "decided_by", "decided_at"])
    _tell(introduction, introduction.need.organisation, introduction.status)
    if accept and not introduction.proposed_by_offerer:
        _tell(introduction, introduction.offer.organisation, introduction.status)
    return introduction


def people(introduction):
    """(the need side's person, the offering side's person): who acted on each side."""
    if introduction.proposed_by_offerer:
        return introduction.need.created_by, introduction.proposed_by
    return introduction.proposed_by, introduction.decided_by


def contacts(introduction, organisation):
    """How to reach ``organisation``'s side of an accepted introduction, or None before."""
    if not introduction.accepted:
        return None
    need_person, offer_person = people(introduction)
    person = need_person if organisation == introduction.need.organisation else offer_person
    return {
        "organisation": organisation.title,
        "name": person.get_full_name() or person.get_username() if person else "",
        "email": person.email if person else "",
        "phone": organisation.phone,
        "public_email": organisation.public_email,
    }


def _tell(introduction, organisation, step):
    """E-mail ``organisation``'s members about ``step`` of the introduction."""
    to = members_emails(organisation)
    if not to:
        return
    need, offer = introduction.need, introduction.offer
    other = offer.organisation if organisation == need.organisation else need.organisation
    context = {
        "introduction": introduction,
        "step": step,
        "need": need,
        "offer": offer,
        "other": other,
        "contacts": contacts(introduction, other),
        "url": absolute(reverse("needs_dashboard:introductions")),
    }
    subject = {
        "proposed": f"{need.organisation.title} would like an introduction about “{offer}”",
        "accepted": f"You are introduced to {other.title}",
        "declined": f"{offer.organisation.title} declined the introduction about “{need}”",
    }[step]
    mail.send(subject, render_to_string("needs/match/introduction_email.txt", context), to)
