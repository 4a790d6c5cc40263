"""The hub-wide models: the site settings editors change, and the place-name look-up cache.

They were first made in the ``home`` app and moved here with their tables, which keep the
names they were created with (``home_...``): moving a model between apps moves its state,
not its data (see ``hub/migrations/0001_initial.py``).
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable


@register_setting(icon="date")
class HubSettings(ClusterableModel, BaseSiteSetting):
    """Site-wide settings editors can change without a developer."""

    tagline = models.CharField(
        max_length=200, default="Events and help from your neighbours, faith groups and council"
    )
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    panels = [
        FieldPanel("tagline"),
        InlinePanel(
            "neighbour_days",
            label="Neighbour Day dates",
            help_text="The date of Neighbour Day each year. The next one is shown on the site.",
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        db_table = "home_hubsettings"
        verbose_name = "hub settings"

    def next_neighbour_day(self, today=None):
        today = today or timezone.localdate()
        upcoming = [day.date for day in self.neighbour_days.all() if day.date >= today]
        return min(upcoming, default=None)


class NeighbourDayDate(Orderable):
    settings = ParentalKey(HubSettings, on_delete=models.CASCADE, related_name="neighbour_days")
    date = models.DateField()

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        db_table = "home_neighbourdaydate"
        ordering = ["date"]

    def __str__(self):
        return f"Neighbour Day {self.date:%-d %B %Y}"


class PlaceLookup(models.Model):
    """An online geocoder's answer for a place name, kept so each name is asked for once.

    Written by :mod:`hub.places`; a row with no latitude records that the place was not found.
    """

    # How long an answer is trusted. Places rarely move; a name that was not found may be
    # added to OpenStreetMap, so that answer is asked again sooner.
    FOUND_KEPT = timedelta(days=90)
    NOT_FOUND_KEPT = timedelta(days=7)

    query = models.CharField(max_length=100, unique=True, help_text="The name, in lower case.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True, help_text="What the page calls it.")
    looked_up_at = models.DateTimeField()

    class Meta:
        db_table = "home_placelookup"
        verbose_name = "place look-up"

    def __str__(self):
        return self.query

    def is_fresh(self, now):
        kept = self.NOT_FOUND_KEPT if self.latitude is None else self.FOUND_KEPT
        return self.looked_up_at > now - kept


class HousekeepingSchedule(models.Model):
    """When the housekeeping sweeps are next due (:mod:`hub.housekeeping`): one row, locked
    while read, so that however many tasks are queued the sweeps run once per period."""

    next_run_at = models.DateTimeField()

    class Meta:
        verbose_name = "housekeeping schedule"

    def __str__(self):
        return f"Housekeeping next due {self.next_run_at:%Y-%m-%d %H:%M}"


class MailOptOut(models.Model):
    """An address that left one topic of the hub's non-essential e-mail (:mod:`hub.optout`)."""

    fingerprint = models.CharField(
        max_length=64, help_text="A keyed hash of the address (hub.optout.fingerprint)."
    )
    topic = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "e-mail opt-out"
        constraints = [
            models.UniqueConstraint(fields=["fingerprint", "topic"], name="one_opt_out_per_topic")
        ]

    def __str__(self):
        return f"Opted out of {self.topic}"
