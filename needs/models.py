"""Needs: what partner organisations ask for, and the volunteers who apply to meet them.

The demand side of the hub, as offers (``partners``) are the supply side. A :class:`Need`
has the kinds of offers, a place (a postcode, or online), a time (a date, a weekly or
fortnightly series with an end, or flexible with a deadline), the skills and checks a
volunteer must hold, and a status: open, filled or closed. A need past its last day is
closed whatever is stored (worked out when read, never by a scheduled job). Every change
is recorded (:class:`NeedChange`), as for offers. An :class:`Application` is one
volunteer's way through one need, from invitation or application to confirmed hours.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from hub import geocoder
from hub.accessibility import AccessibilityFeatures
from hub.history import ChangeRecord, Tracked
from hub.locations import Located
from partners.choices import OfferKind
from volunteering.choices import SKILLS, SLOTS, TIMES, CheckKind, Skills, Workforce

from .choices import (
    COMMITTED,
    MAX_SERIES_DAYS,
    PARTS_OF_DAY,
    REPEAT_DAYS,
    ApplicationStatus,
    NeedStatus,
    Timing,
    WithdrawnBy,
)

MAX_PEOPLE = 500
DESCRIPTION_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 1000


class NeedQuerySet(models.QuerySet):
    def open(self, today=None):
        """Needs open today: stored as open, and their last day (or deadline) not past."""
        today = today or timezone.localdate()
        return self.filter(status=NeedStatus.OPEN).filter(
            Q(last_day__gte=today) | Q(last_day__isnull=True)
        )

    def not_closed(self, today=None):
        """Open or filled needs whose last day is not past: where commitments still count."""
        today = today or timezone.localdate()
        return self.exclude(status=NeedStatus.CLOSED).filter(
            Q(last_day__gte=today) | Q(last_day__isnull=True)
        )

    def public(self, site=None, today=None):
        """Open needs of live, public organisations (optionally of one site)."""
        organisations = self.model._meta.get_field("organisation").related_model
        organisations = organisations.objects.live().public()
        if site is not None:
            organisations = organisations.in_site(site)
        return self.open(today).filter(organisation__in=organisations.values("pk"))


class Need(Tracked, Located, AccessibilityFeatures, Skills):
    """Something an organisation asks for: volunteers on Saturday mornings, a hall, a van...

    The skill flags (from the passport's list) are the skills a volunteer MUST have;
    ``wanted_skills`` are nice to have, most wanted first. ``last_day`` is not in the
    contract's field list: it is worked out on every save from the timing (the last date of
    the series, the date, or the deadline) so that :meth:`NeedQuerySet.open` is one indexed
    comparison. Every save writes a :class:`NeedChange` (see :class:`hub.history.Tracked`).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "partners.OrganisationPage", on_delete=models.CASCADE, related_name="needs"
    )
    kind = models.CharField(
        "what you need", max_length=20, choices=OfferKind.choices, db_index=True
    )
    title = models.CharField(
        max_length=120, help_text="A short name, e.g. 'Drivers for the lunch club'."
    )
    description = models.TextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="What the help is for, what people will do, and anything they should know.",
    )
    wanted_skills = models.JSONField(
        "skills that would help",
        default=list,
        blank=True,
        help_text="Nice to have, not required: the most useful first.",
    )
    people_needed = models.PositiveSmallIntegerField(
        "how many people",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)],
        help_text=f"For volunteers: from 1 to {MAX_PEOPLE}.",
    )
    quantity = models.CharField(
        "how much",
        max_length=100,
        blank=True,
        help_text="For other kinds: e.g. 'a hall for 60 people', '200 meals a week'.",
    )
    online = models.BooleanField("online", default=False, help_text="It can be done from home.")
    timing = models.CharField("when", max_length=12, choices=Timing.choices, default=Timing.DATED)
    starts_on = models.DateField(
        "date", null=True, blank=True, help_text="The date, or the first date of a series."
    )
    start_time = models.TimeField("from", null=True, blank=True)
    end_time = models.TimeField("until", null=True, blank=True)
    repeat_until = models.DateField(
        "repeat until", null=True, blank=True, help_text="The last date of a series."
    )
    deadline = models.DateField(
        null=True, blank=True, help_text="For flexible needs: by when it must be done."
    )
    last_day = models.DateField(null=True, editable=False, db_index=True)
    min_commitment = models.CharField(
        "minimum commitment",
        max_length=100,
        blank=True,
        help_text="e.g. 'Three months, one morning a week'.",
    )
    emergency = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Only moderators and verified organisations may mark a need as an emergency.",
    )
    status = models.CharField(
        max_length=8, choices=NeedStatus.choices, default=NeedStatus.OPEN, db_index=True
    )
    project = models.ForeignKey(
        "partners.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        verbose_name="partnership project",
    )
    event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta(Located.Meta):
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.last_day = self.compute_last_day()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "last_day"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if not self.online and not self.postcode:
            errors["postcode"] = "Give the postcode of the place, or tick 'online'."
        unknown = [key for key in self.wanted_skills or [] if key not in SKILLS]
        if unknown:
            errors["wanted_skills"] = f"Not a skill on the hub's list: {', '.join(unknown)}."
        if self.kind == OfferKind.VOLUNTEERS and self.people_needed is None:
            errors["people_needed"] = "Say how many people you need."
        errors.update(self._timing_errors())
        if errors:
            raise ValidationError(errors)

    def _timing_errors(self):
        errors = {}
        if self.timing == Timing.FLEXIBLE:
            if self.deadline is None:
                errors["deadline"] = "Give the date by which it must be done."
            return errors
        if self.starts_on is None:
            errors["starts_on"] = "Give the date."
        if self.start_time is None:
            errors["start_time"] = "Give the time it starts."
        if self.end_time is None:
            errors["end_time"] = "Give the time it ends."
        elif self.start_time is not None and self.end_time <= self.start_time:
            errors["end_time"] = "It ends before it starts: the end must be after the start."
        if self.timing in REPEAT_DAYS:
            if self.repeat_until is None:
                errors["repeat_until"] = "Give the last date of the series."
            elif self.starts_on and self.repeat_until < self.starts_on:
                errors["repeat_until"] = "The series ends before it starts."
            elif self.starts_on and (self.repeat_until - self.starts_on).days > MAX_SERIES_DAYS:
                errors["repeat_until"] = "A series can run for a year at most: post it again."
        return errors

    # --- when ---------------------------------------------------------------------------

    def dates(self):
        """The dates it happens on, first to last: one for a dated need, every week or
        fortnight to ``repeat_until`` for a series (a year at most), none if flexible."""
        if self.timing == Timing.FLEXIBLE or self.starts_on is None:
            return []
        if self.timing not in REPEAT_DAYS or self.repeat_until is None:
            return [self.starts_on]
        step = datetime.timedelta(days=REPEAT_DAYS[self.timing])
        end = min(self.repeat_until, self.starts_on + datetime.timedelta(days=MAX_SERIES_DAYS))
        days, day = [], self.starts_on
        while day <= end:
            days.append(day)
            day += step
        return days

    def compute_last_day(self):
        """The last day it is open: its last date, or its deadline; None if it has neither."""
        if self.timing == Timing.FLEXIBLE:
            return self.deadline
        dates = self.dates()
        return dates[-1] if dates else None

    def slots(self):
        """The cells of the passport's availability grid it covers ("sat_morning"...), in
        the grid's order: morning before 12:00, afternoon to 17:00, evening after. A time
        without an end covers the part of the day it starts in; no time, the whole day."""
        weekdays = {day.weekday() for day in self.dates()}
        parts = self.parts_of_day()
        return [
            key
            for index, key in enumerate(SLOTS)
            if index // len(TIMES) in weekdays and key.split("_", 1)[1] in parts
        ]

    def parts_of_day(self):
        """ "morning", "afternoon" and/or "evening": the parts of the day its times overlap."""
        start, end = self.start_time, self.end_time
        if start is None:
            return set(TIMES)
        parts = set()
        for part, begins, ends in PARTS_OF_DAY:
            if end is not None and end > start:
                overlaps = (ends is None or start < ends) and end > begins
            else:
                overlaps = start >= begins and (ends is None or start < ends)
            if overlaps:
                parts.add(part)
        return parts

    def is_past(self, today=None):
        today = today or timezone.localdate()
        last_day = self.compute_last_day()
        return last_day is not None and last_day < today

    def current_status(self, today=None):
        """The status today: closed once its last day (or deadline) has passed."""
        if self.is_past(today):
            return NeedStatus.CLOSED
        return NeedStatus(self.status)

    @property
    def current_status_label(self):
        return self.current_status().label

    # --- where --------------------------------------------------------------------------

    @property
    def is_scottish(self):
        """In Scotland: PVG membership stands for a DBS check."""
        return bool(self.postcode) and not self.online and geocoder.in_scotland(self.postcode)

    @property
    def is_northern_irish(self):
        """In Northern Ireland: an AccessNI check stands for a DBS check."""
        return (
            bool(self.postcode) and not self.online and geocoder.in_northern_ireland(self.postcode)
        )


class NeedCheck(models.Model):
    """A check a volunteer must hold for the need: "DBS enhanced, children's workforce"."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="required_checks")
    kind = models.CharField("check", max_length=20, choices=CheckKind.choices)
    workforce = models.CharField(
        max_length=10, choices=Workforce.choices, blank=True, help_text="Leave empty for any."
    )
    must_be_verified = models.BooleanField(
        "must be verified",
        default=False,
        help_text="Only checks an organisation has seen and verified count.",
    )

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "kind"], name="one_requirement_per_check")
        ]

    def __str__(self):
        words = [self.get_kind_display()]
        if self.workforce:
            words.append(f"{self.get_workforce_display().lower()}'s workforce")
        if self.must_be_verified:
            words.append("verified")
        return ", ".join(words)


class NeedChange(ChangeRecord):
    """One change to a need: who made it, when, and each field's old and new value."""

    class Action(models.TextChoices):
        CREATED = "created", "Posted the need"
        EDITED = "edited", "Changed the need"
        FILLED = "filled", "Marked the need filled"
        CLOSED = "closed", "Closed the need"
        REOPENED = "reopened", "Reopened the need"

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=12, choices=Action.choices)

    tracked_model = Need

    class Meta(ChangeRecord.Meta):
        pass

    @classmethod
    def action_for(cls, before, after):
        if before is None:
            return cls.Action.CREATED
        if before["status"] != after["status"]:
            return {
                NeedStatus.FILLED: cls.Action.FILLED,
                NeedStatus.CLOSED: cls.Action.CLOSED,
                NeedStatus.OPEN: cls.Action.REOPENED,
            }[after["status"]]
        return cls.Action.EDITED

    def described_changes(self):
        """The fields' changes in words, then the required checks' (kept with the need's
        changes although they are rows of their own: see ``needs.forms.save_checks``)."""
        described = super().described_changes()
        if "required_checks" in self.changes:
            old, new = self.changes["required_checks"]
            described.append(("Checks required", old or "(none)", new or "(none)"))
        return described


class ApplicationQuerySet(models.QuerySet):
    def active(self, today=None):
        """Commitments: accepted or confirmed, on needs that are not closed. (Each row's need
        is looked up, rather than every need not closed listed: the database then starts
        from the volunteers asked about, through their index.)"""
        not_closed = Need.objects.not_closed(today).filter(pk=OuterRef("need"))
        return self.filter(Exists(not_closed), status__in=COMMITTED)


class Application(models.Model):
    """One volunteer and one need: invited or applied, then accepted or declined, confirmed,
    withdrawn by either side, and completed with the hours given."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="applications")
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
        db_index=True,
    )
    message = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(REASON_MAX_LENGTH)],
        max_length=REASON_MAX_LENGTH,
    )
    reason = models.TextField(
        blank=True,
        max_length=REASON_MAX_LENGTH,
        validators=[MaxLengthValidator(REASON_MAX_LENGTH)],
        help_text="Why it was declined or withdrawn.",
    )
    withdrawn_by = models.CharField(max_length=12, choices=WithdrawnBy.choices, blank=True)
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    service_record = models.ForeignKey(
        "volunteering.ServiceRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "volunteer"], name="one_application_per_need")
        ]

    def __str__(self):
        return f"{self.volunteer} for {self.need} ({self.get_status_display()})"


# --- matching's own records (needs.matching) -----------------------------------------------


class Suggested(models.Model):
    """A volunteer was shown to an organisation as a suggestion for a need: the log the
    fairness rule reads (people suggested for many needs lately move down)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "suggestion shown"
        constraints = [
            models.UniqueConstraint(fields=["need", "volunteer"], name="suggested_once_per_need")
        ]
        indexes = [models.Index(fields=["volunteer", "at"], name="suggested_volunteer_at")]

    def __str__(self):
        return f"{self.volunteer} suggested for {self.need}"


class IntroductionStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for the offering organisation"
    ACCEPTED = "accepted", "Introduced"
    DECLINED = "declined", "Declined by the offering organisation"


class Introduction(models.Model):
    """Two organisations put in touch: one with a need, one with an offer that could meet it.

    Either side proposes it in one click; the offering side's members accept or decline
    (proposing it from the offering side is accepting it). Each side's contact details are
    shown to the other only once it is accepted. Nothing is deleted: the row keeps who
    proposed and who decided, and when.
    """

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="introductions")
    offer = models.ForeignKey(
        "partners.Offer", on_delete=models.CASCADE, related_name="introductions"
    )
    status = models.CharField(
        max_length=10, choices=IntroductionStatus.choices, default=IntroductionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by_offerer = models.BooleanField(default=False)
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="one_introduction_per_pair")
        ]

    def __str__(self):
        return f"{self.offer} for {self.need} ({self.get_status_display()})"

    @property
    def accepted(self):
        return self.status == IntroductionStatus.ACCEPTED
