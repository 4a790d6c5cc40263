"""Demo call-out: one finished Volunteer Reserve call-out, on the first emergency need for
volunteers: every ask sent, some said yes and confirmed. Rows are written directly (no
e-mail is sent). Built once: any call-out is the marker."""

import datetime

from django.utils import timezone

from needs.choices import ApplicationStatus
from needs.models import Application, Need
from partners.choices import OfferKind
from volunteering.models import Volunteer

from .models import Ask, CallOut


def build(summary):
    if CallOut.objects.exists():
        return
    need = Need.objects.filter(emergency=True, kind=OfferKind.VOLUNTEERS).order_by("pk").first()
    members = list(
        Volunteer.objects.filter(reserve=True).exclude(applications__need=need).order_by("pk")[:12]
    )
    if need is None or not members:
        return
    started = timezone.now() - datetime.timedelta(days=1)
    callout = CallOut.objects.create(
        need=need,
        message="Meet at the community centre; bring old clothes.",
        created_at=started,
        queued_at=started,
    )
    for number, volunteer in enumerate(members):
        ask = Ask.objects.create(
            callout=callout, volunteer=volunteer, created_at=started, sent_at=started
        )
        if number % 3 == 0:
            ask.application = Application.objects.create(
                need=need, volunteer=volunteer, status=ApplicationStatus.CONFIRMED
            )
            ask.answered_at = started + datetime.timedelta(minutes=5 + number)
            ask.save(update_fields=["application", "answered_at"])
    summary.add("call-outs")
