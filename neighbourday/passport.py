"""What a signed-in organiser's Volunteer Passport shows of their gatherings: each one they
registered while signed in, with its management link (``volunteering.record.shows``)."""

from django.urls import reverse

from volunteering.record import Entry

from . import tokens
from .choices import Status


def entries(volunteer):
    gatherings = volunteer.gatherings.exclude(status=Status.UNCONFIRMED).order_by("-date", "-pk")
    for gathering in gatherings:
        status = "hidden by a moderator" if gathering.hidden else gathering.get_status_display()
        yield Entry(
            title=gathering.title,
            date=gathering.date,
            status=status.lower(),
            url=reverse("neighbourday:manage", args=[tokens.make(gathering, tokens.MANAGE)]),
        )
