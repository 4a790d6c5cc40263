"""What the hub keeps about an organisation's imported calendar: where it is, which event page
each of its events became, and a log of every import run."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from events.choices import Category


def validate_feed_url(value):
    """An https address (plain http is accepted only where the hub may fetch from loopback,
    i.e. in tests with their local feed server)."""
    schemes = ["https", "http"] if settings.CALENDAR_IMPORT_ALLOW_LOOPBACK else ["https"]
    URLValidator(schemes=schemes, message="Give the https address of the calendar feed.")(value)


class CalendarSource(models.Model):
    """An organisation's existing calendar, imported into its section every few hours."""

    organisation = models.OneToOneField(
        "partners.OrganisationPage", on_delete=models.CASCADE, related_name="calendar_source"
    )
    url = models.CharField(
        "calendar feed address",
        max_length=1000,
        validators=[validate_feed_url],
        help_text="The https address of your iCal feed, e.g. the 'public address in iCal "
        "format' of a Google calendar or an Outlook 'ICS' link.",
    )
    active = models.BooleanField(
        "keep importing", default=True, help_text="Untick to stop importing for a while."
    )
    category = models.CharField(
        "category of the events",
        max_length=30,
        choices=Category.choices,
        default=Category.FAITH_AND_COMMUNITY,
    )
    publish_directly = models.BooleanField(
        default=True,
        help_text="For verified organisations: publish imported events straight away. "
        "Events of organisations not yet verified always go to the moderators first.",
    )
    etag = models.CharField(max_length=200, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    content_digest = models.CharField(max_length=64, blank=True, editable=False)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = "calendar import"

    def __str__(self):
        return f"Calendar of {self.organisation.title}"

    def clean(self):
        super().clean()
        if self.url:
            self.url = self.url.strip()
        if self.pk:
            before = type(self).objects.filter(pk=self.pk).values_list("url", flat=True).first()
            if before is not None and before != self.url:
                self.etag = self.last_modified = self.content_digest = ""

    @property
    def publishes_directly(self):
        return self.publish_directly and self.organisation.verified

    @property
    def status(self):
        if self.last_error:
            return f"Failing: {self.last_error}"
        if self.last_success_at:
            return f"Imported {timezone.localtime(self.last_success_at):%-d %b %Y %H:%M}"
        return "Waiting for the first import"

    def is_due(self, now=None):
        now = now or timezone.now()
        every = timezone.timedelta(hours=settings.CALENDAR_IMPORT_EVERY_HOURS)
        return self.active and (self.last_checked_at is None or self.last_checked_at + every <= now)


class ImportedEvent(models.Model):
    """One event (a UID) of the feed and the page it became."""

    organisation = models.ForeignKey(
        "partners.OrganisationPage", on_delete=models.CASCADE, related_name="imported_events"
    )
    uid = models.CharField("UID in the feed", max_length=500, editable=False)
    event = models.OneToOneField(
        "events.EventPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="calendar_import",
        editable=False,
    )
    fingerprint = models.CharField(max_length=64, editable=False)
    in_feed = models.BooleanField(default=True, editable=False)
    needs_location_check = models.BooleanField(
        "location to check",
        default=False,
        editable=False,
        help_text="The feed gave no postcode, so the organisation's own was used.",
    )
    detached = models.BooleanField(
        "detached from the import",
        default=False,
        help_text="Tick to edit the event by hand: the import then leaves it alone.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "uid"], name="imported_event_uid")
        ]

    def __str__(self):
        return self.event.title if self.event else self.uid


class ImportRun(models.Model):
    """One import of an organisation's calendar: when, what it did and why it skipped."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        NOT_MODIFIED = "not-modified", "Not modified since the last import"
        UNCHANGED = "unchanged", "Nothing had changed"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        "partners.OrganisationPage", on_delete=models.CASCADE, related_name="import_runs"
    )
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.FAILED)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    log = models.TextField(blank=True, help_text="What was skipped and why, and any failure.")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return (
            f"{self.get_outcome_display()} ({timezone.localtime(self.started_at):%Y-%m-%d %H:%M})"
        )

    @property
    def summary(self):
        if self.outcome != self.Outcome.IMPORTED:
            return self.get_outcome_display()
        return (
            f"{self.added} added, {self.updated} updated, {self.cancelled} cancelled, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )

    def clean(self):
        raise ValidationError("Import runs are written by the import only.")
