"""Residents' Neighbour Day gatherings, the counts kept of them, and what moderators edit.

A :class:`Gathering` is a registration: it holds the organiser's private details (name,
e-mail, full postcode) and is never shown as it is. Once confirmed, an open gathering is
published as an ``events.EventPage`` in the "Neighbour Day gatherings" section
(:class:`GatheringIndexPage`), with the street and postcode district only, so the listing,
feeds, map search, JSON-LD and moderation treat it as any other event (``pages.py``).
:class:`AreaCount` rows are the stored totals per postcode district (``counts.py``).
"""

import secrets

from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from hub import geocoder
from hub.locations import Located

from .choices import ESTIMATES, Kind, People, Status


class GatheringIndexPage(Page):
    """The "Neighbour Day gatherings" section: residents' open gatherings live under it.

    Its address is ``/neighbour-day/``, which answers with the country's counts and map
    (``neighbourday.views.overview``); the gatherings' event pages are its children.
    """

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A few words above the counts on /neighbour-day/.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "Neighbour Day gatherings section"

    def serve(self, request, *args, **kwargs):
        # /neighbour-day/ itself is answered by the overview view, before Wagtail's
        # URLs; this only answers the admin's preview and "view live".
        return redirect("neighbourday:overview")

    def get_cached_paths(self):
        return ["/"]


def new_secret():
    return secrets.token_urlsafe(16)


class GatheringQuerySet(models.QuerySet):
    def counted(self):
        """Confirmed, not cancelled and not hidden: what the counts add up.

        Unconfirmed registrations are invisible however long they wait: this is decided
        here, on read, not by the purge."""
        return self.filter(status=Status.CONFIRMED, hidden=False)

    def listed(self):
        return self.counted().filter(open_to_everyone=True)


class Gathering(Located):
    """One registered gathering. Personal data: organiser's name and e-mail, full postcode."""

    kind = models.CharField("what kind of gathering", max_length=20, choices=Kind.choices)
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    street = models.CharField(
        "street name", max_length=100, help_text="The street only, without a house number."
    )
    people = models.CharField("how many people are expected", max_length=10, choices=People.choices)
    description = models.TextField(max_length=1000, blank=True)
    open_to_everyone = models.BooleanField(
        default=True,
        help_text="Open to everyone: listed on the site. Otherwise only counted.",
    )
    organiser_name = models.CharField(max_length=100)
    organiser_email = models.EmailField(db_index=True)

    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    hidden = models.BooleanField(
        default=False, help_text="Hidden by a moderator: neither listed nor counted."
    )
    hidden_reason = models.TextField(
        blank=True, help_text="Why it was hidden. The organiser is sent this."
    )
    district = models.CharField(max_length=4, editable=False, db_index=True)
    area = models.CharField(max_length=2, editable=False)
    # Which link may manage it: rotated never; links carry it signed (tokens.py).
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    # A keyed hash of the address it was registered from, for the per-address limit.
    client_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance = models.PositiveIntegerField("how many people came", null=True, blank=True)
    attendance_note = models.CharField(max_length=200, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The organiser's passport, when they registered signed in (confirmed at once, with the
    # account's verified e-mail); their passport record lists it.
    volunteer = models.ForeignKey(
        "volunteering.Volunteer",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="gatherings",
    )
    event = models.OneToOneField(
        "events.EventPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="gathering",
    )

    objects = GatheringQuerySet.as_manager()
    # Not content that references others for the admin's "usage" counts: indexing each save
    # of a registration (its volunteer) would only add queries to confirming.
    wagtail_reference_index_ignore = True

    class Meta(Located.Meta):
        ordering = ["-created_at"]
        indexes = [
            *Located.Meta.indexes,
            models.Index(fields=["district", "status"], name="gathering_district_status"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.street}, {self.district} ({self.date})"

    def save(self, *args, **kwargs):
        self.postcode = geocoder.normalise_postcode(self.postcode)
        self.district = self.postcode.split()[0]
        self.area = "".join(ch for ch in self.district[:2] if ch.isalpha())
        super().save(*args, **kwargs)

    @property
    def counted(self):
        return self.status == Status.CONFIRMED and not self.hidden

    @property
    def listed(self):
        return self.counted and self.open_to_everyone

    @property
    def estimate(self):
        return ESTIMATES[People(self.people)]

    @property
    def public_place(self):
        """What the public may see of where it is: the street and the postcode district."""
        return f"{self.street}, {self.district}"

    @property
    def title(self):
        return f"{Kind(self.kind).label.split(' with ')[0]} on {self.street}, {self.district}"


class AreaCount(models.Model):
    """The stored totals for one postcode district and year, changed with each confirmation,
    cancellation, hide and edit (``counts.py``), never recomputed for a request."""

    year = models.PositiveSmallIntegerField()
    district = models.CharField(max_length=4)
    area = models.CharField(max_length=2, db_index=True)
    # The district's centre, where the map puts its count.
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    gatherings = models.IntegerField(default=0)
    open_gatherings = models.IntegerField(default=0)
    people = models.IntegerField("people expected", default=0)
    attended = models.IntegerField("people who came", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "district"], name="areacount_year_district")
        ]
        ordering = ["year", "district"]

    def __str__(self):
        return f"{self.district} {self.year}: {self.gatherings}"


class CouncilGuidance(models.Model):
    """How long before a street party a council wants a road-closure application."""

    DEFAULT_WEEKS = 6

    postcode = models.CharField(
        "postcode district or area",
        max_length=4,
        unique=True,
        help_text="A postcode district (SN10) or a whole area (SN). A district wins over its area.",
    )
    council = models.CharField(max_length=100)
    lead_time_weeks = models.PositiveSmallIntegerField(
        "weeks' notice needed", default=DEFAULT_WEEKS
    )
    link = models.URLField(blank=True, help_text="The council's page about road closures.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["postcode"]
        verbose_name = "council road-closure guidance"
        verbose_name_plural = "council road-closure guidance"

    def __str__(self):
        return f"{self.postcode}: {self.council}"

    def save(self, *args, **kwargs):
        self.postcode = "".join(self.postcode.split()).upper()
        super().save(*args, **kwargs)


class PackDocument(models.Model):
    """A document in the organiser's pack (a risk assessment template, a checklist)."""

    title = models.CharField(max_length=100)
    description = models.CharField(max_length=250, blank=True)
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title


class GatheringRequest(models.Model):
    """An organiser asked for one of the offers suggested to their gathering (``asking.py``).

    The click makes a need (``needs.Need``) of the offering organisation's, in its partner
    dashboard, for the gathering's day, with the gathering's event page when it has one; the
    organisation is e-mailed the organiser's name and address to reply to (the button says
    so). The need holds only what the public may see of the gathering.
    """

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="requests")
    offer = models.ForeignKey("partners.Offer", on_delete=models.CASCADE, related_name="+")
    need = models.OneToOneField(
        "needs.Need", on_delete=models.CASCADE, related_name="gathering_request"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "offer"], name="gatheringrequest_once")
        ]

    def __str__(self):
        return f"{self.gathering} asked for {self.offer}"
