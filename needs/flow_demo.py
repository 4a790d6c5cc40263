"""Demo applications: every step of the flow, on the demo needs, with confirmed hours.

The demo volunteer who can sign in has one invitation, one place to confirm, one confirmed
and one done with hours in their record; other demo volunteers have applied, been declined,
withdrawn (each side once) and given hours over the past months, so the reports have
figures. Rows are written directly (no e-mail is sent). Built once: any application is the
marker. Called from ``home.demo`` after the volunteers and the needs.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from partners.choices import OfferKind
from volunteering.models import ServiceRecord, Volunteer

from .choices import ApplicationStatus, NeedStatus, WithdrawnBy
from .models import Application, Need

Status = ApplicationStatus
# (status, message, reason, withdrawn by) for the other demo volunteers, need by need.
OTHERS = [
    (Status.APPLIED, "I have done this before at my church.", "", ""),
    (Status.APPLIED, "", "", ""),
    (Status.DECLINED, "Happy to help.", "We need someone with a food hygiene certificate.", ""),
    (Status.WITHDRAWN, "", "I have moved away.", WithdrawnBy.VOLUNTEER),
    (Status.WITHDRAWN, "", "The session is cancelled.", WithdrawnBy.ORGANISATION),
    (Status.ACCEPTED, "Weekends suit me best.", "", ""),
    (Status.CONFIRMED, "", "", ""),
]


def build(summary, today):
    if Application.objects.exists():
        return
    needs = list(
        Need.objects.filter(
            kind=OfferKind.VOLUNTEERS, status=NeedStatus.OPEN, people_needed__gte=3
        ).order_by("pk")[:8]
    )
    login = Volunteer.objects.filter(user__username="volunteer").first()
    others = list(Volunteer.objects.exclude(user__username="volunteer").order_by("pk")[:60])
    if len(needs) < 5 or login is None or len(others) < 40:
        return
    now = timezone.now()
    made = 0
    for need, status in zip(
        needs, [Status.INVITED, Status.ACCEPTED, Status.CONFIRMED, Status.COMPLETED], strict=False
    ):
        _application(need, login, status, "", "", "", today, now)
        made += 1
    for index, need in enumerate(needs):
        for offset, (status, message, reason, side) in enumerate(OTHERS):
            volunteer = others[(index * len(OTHERS) + offset) % len(others)]
            if not Application.objects.filter(need=need, volunteer=volunteer).exists():
                _application(need, volunteer, status, message, reason, side, today, now)
                made += 1
    # Hours over the past six months, for the record and the reports.
    for number, volunteer in enumerate(others[:30]):
        need = needs[number % len(needs)]
        day = today - datetime.timedelta(days=7 + number * 6)
        ServiceRecord.objects.create(
            volunteer=volunteer,
            organisation=need.organisation,
            role=need.title,
            date=day,
            hours=Decimal(2 + number % 4),
            confirmed_at=now,
        )
    summary.add("applications", made)


def _application(need, volunteer, status, message, reason, side, today, now):
    application = Application.objects.create(
        need=need,
        volunteer=volunteer,
        status=status,
        message=message,
        reason=reason,
        withdrawn_by=side,
    )
    if status == Status.COMPLETED:
        application.hours = Decimal(3)
        application.service_record = ServiceRecord.objects.create(
            volunteer=volunteer,
            organisation=need.organisation,
            role=need.title,
            date=today - datetime.timedelta(days=3),
            hours=application.hours,
            confirmed_at=now,
        )
        application.save(update_fields=["hours", "service_record"])
    return application
