"""The controlled lists of a need: when it happens, its status, an application's steps."""

import datetime

from django.db import models


class Timing(models.TextChoices):
    DATED = "dated", "On a date"
    WEEKLY = "weekly", "Every week, until a date"
    FORTNIGHTLY = "fortnightly", "Every fortnight, until a date"
    FLEXIBLE = "flexible", "Flexible, by a deadline"


# Every this many days, for the timings that repeat.
REPEAT_DAYS = {Timing.WEEKLY: 7, Timing.FORTNIGHTLY: 14}
# A series may run for a year at most: the dates of a need stay a short, finite list.
MAX_SERIES_DAYS = 366


class NeedStatus(models.TextChoices):
    """What members set. A need past its last day is closed whatever is stored: see
    ``Need.current_status``."""

    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class ApplicationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    APPLIED = "applied", "Applied"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CONFIRMED = "confirmed", "Confirmed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"


# The steps that hold a place: a volunteer's commitments while the need is not closed.
COMMITTED = (ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED)


class WithdrawnBy(models.TextChoices):
    VOLUNTEER = "volunteer", "The volunteer"
    ORGANISATION = "organisation", "The organisation"


# The parts of the day of the passport's availability grid (volunteering.choices.TIMES),
# each from its start to the next's: morning before noon, afternoon until five, evening after.
PARTS_OF_DAY = (
    ("morning", datetime.time(0), datetime.time(12)),
    ("afternoon", datetime.time(12), datetime.time(17)),
    ("evening", datetime.time(17), None),
)
