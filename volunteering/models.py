"""The Volunteer Passport: a resident's profile, checks, availability, record and consents.

Everything a volunteer enters hangs off :class:`Volunteer` (one per account) and is deleted
with it, except the hours an organisation confirmed (:class:`ServiceRecord`), which stay in
the organisation's totals without a name. Organisations see a passport only through a
:class:`Share` the volunteer made, and every opening is an :class:`AccessRecord`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from hub import geocoder
from partners.models import OrganisationPage

from . import crypto
from .choices import (
    RECORD_CHECKS,
    SLOTS,
    Causes,
    CheckKind,
    CheckStatus,
    Skills,
    VerifiableKinds,
    Workforce,
)

MAX_TRAVEL_MILES = 25
ABOUT_MAX_LENGTH = 1000


class VolunteerTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Volunteer(Skills, Causes, models.Model):
    """A resident's passport. The postcode is private: only :attr:`district` is ever shown."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer"
    )
    display_name = models.CharField(
        "name to show", max_length=60, help_text="Your first name is enough."
    )
    postcode = models.CharField(max_length=8, help_text="Kept private: others see only SN10.")
    district = models.CharField(max_length=4, db_index=True, editable=False)
    latitude = models.FloatField(null=True, editable=False)
    longitude = models.FloatField(null=True, editable=False)
    travel_miles = models.PositiveSmallIntegerField(
        "how far you will travel (miles)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TRAVEL_MILES)],
    )
    online_only = models.BooleanField("online only", default=False)
    about = models.TextField("about me", blank=True, max_length=ABOUT_MAX_LENGTH)
    languages = models.CharField(
        "languages you speak", max_length=200, blank=True, help_text="e.g. English, Polish"
    )
    availability = models.JSONField(default=list, blank=True)
    commitment_limit = models.PositiveSmallIntegerField(
        "how many things at once",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="The most opportunities you want to be committed to at the same time.",
    )
    reserve = models.BooleanField("Volunteer Reserve", default=False, db_index=True)
    reserve_joined_at = models.DateTimeField(null=True, blank=True, editable=False)
    callouts_per_day = models.PositiveSmallIntegerField(
        "call-outs a day at most",
        choices=[(1, "One a day at most"), (3, "Up to three a day"), (10, "Every one that fits")],
        default=1,
        help_text="How many Volunteer Reserve call-outs you are happy to get in one day.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tags = TaggableManager("other skills", through=VolunteerTag, blank=True)

    class Meta:
        ordering = ["display_name", "pk"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="volunteer_lat_lng")]

    def __str__(self):
        return f"{self.display_name} ({self.district})"

    def save(self, *args, **kwargs):
        self.place()
        super().save(*args, **kwargs)

    def place(self):
        """Fill the district and the point from the postcode (a Northern Ireland postcode,
        which the offline map lacks, has a district and no point)."""
        self.postcode = geocoder.normalise_postcode(self.postcode)
        self.district = self.postcode.split()[0]
        try:
            self.latitude, self.longitude = geocoder.geocode_postcode(self.postcode)
        except geocoder.PostcodeError:
            self.latitude = self.longitude = None

    def verified_email(self):
        """The account's primary e-mail address if allauth has verified it, else ''."""
        address = self.user.emailaddress_set.filter(verified=True, primary=True).first()
        return address.email if address else ""

    @property
    def travel_label(self):
        if self.online_only:
            return "Online only"
        if self.travel_miles:
            return f"Up to {self.travel_miles} mile{'s' if self.travel_miles != 1 else ''}"
        return "Not said"

    @property
    def skills_text(self):
        return ", ".join(self.skills)

    @property
    def checks_summary(self):
        """Each check and its status, without numbers (for moderators)."""
        return "; ".join(
            f"{credential} ({credential.status_label.lower()})"
            for credential in self.credentials.all()
        )

    @property
    def availability_labels(self):
        chosen = set(self.availability or [])
        return [label for key, label in SLOTS.items() if key in chosen]


class Absence(models.Model):
    """Dates a volunteer is away (private: only the volunteer sees them)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField("away from")
    ends_on = models.DateField("back on")

    class Meta:
        ordering = ["starts_on"]

    def __str__(self):
        return f"Away {self.starts_on:%d %b %Y} to {self.ends_on:%d %b %Y}"


class CredentialQuerySet(models.QuerySet):
    def valid(self, today=None):
        """Checks that count: not revoked and not past their expiry date (as of ``today``)."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )


class Credential(models.Model):
    """A check or certificate. Self-declared until an organisation that saw it verifies it;
    expired as soon as its expiry date has passed (worked out when read, no job needed)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField("check", max_length=20, choices=CheckKind.choices, db_index=True)
    workforce = models.CharField(max_length=10, choices=Workforce.choices, blank=True)
    issued_on = models.DateField("issue date")
    expires_on = models.DateField("expiry date", null=True, blank=True)
    update_service = models.BooleanField("on the DBS Update Service", default=False)
    # The number is kept encrypted (volunteering.crypto); only its last 4 characters are kept
    # in clear, to tell certificates apart.
    number_token = models.TextField(blank=True, editable=False)
    number_last4 = models.CharField(max_length=4, blank=True, editable=False)
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    verified_organisation = models.ForeignKey(
        OrganisationPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-issued_on"]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_record_check(self):
        return self.kind in RECORD_CHECKS

    def set_number(self, number):
        number = "".join((number or "").split())
        self.number_token = crypto.encrypt(number)
        self.number_last4 = number[-4:]

    @property
    def number(self):
        """The whole certificate number: for the volunteer's own export only."""
        return crypto.decrypt(self.number_token)

    @property
    def masked_number(self):
        return f"ending {self.number_last4}" if self.number_last4 else ""

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.revoked_at:
            return CheckStatus.REVOKED
        if self.expires_on and self.expires_on < today:
            return CheckStatus.EXPIRED
        if self.verified_at:
            return CheckStatus.VERIFIED
        return CheckStatus.SELF_DECLARED

    @property
    def status_label(self):
        return self.status().label

    @property
    def is_valid(self):
        return self.status() in (CheckStatus.SELF_DECLARED, CheckStatus.VERIFIED)


class Share(models.Model):
    """A volunteer's consent: this organisation may see this much of the passport, for this
    role, until the volunteer withdraws it."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        OrganisationPage, on_delete=models.CASCADE, related_name="volunteer_shares"
    )
    role = models.CharField(
        "what you would like to help with", max_length=200, help_text="e.g. Lunch club driver"
    )
    include_checks = models.BooleanField("my checks and certificates", default=True)
    include_availability = models.BooleanField("when I am free", default=True)
    include_email = models.BooleanField("my e-mail address, so they can reply", default=True)
    include_record = models.BooleanField("my volunteering record", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_open_share_per_organisation",
            )
        ]

    def __str__(self):
        return f"Shared with {self.organisation.title}"

    @property
    def active(self):
        return self.withdrawn_at is None


class AccessRecord(models.Model):
    """Someone other than the volunteer opened their passport."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="accesses")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        OrganisationPage, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60, default="opened your passport")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.viewer_name} {self.action}"


class ServiceRecord(models.Model):
    """Hours a volunteer gave in a role, confirmed by the organisation.

    Kept when the volunteer deletes their account (``volunteer`` becomes empty), so the
    organisation's totals do not change; nothing in it names the person.
    """

    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="service"
    )
    organisation = models.ForeignKey(
        OrganisationPage, on_delete=models.CASCADE, related_name="volunteer_hours"
    )
    role = models.CharField(max_length=200)
    date = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return f"{self.hours} hours for {self.organisation.title}"


class CheckVerifier(VerifiableKinds, models.Model):
    """Which kinds of check an organisation's members may mark as verified (set by
    moderators: an organisation that does not see certificates verifies nothing)."""

    organisation = models.OneToOneField(
        OrganisationPage, on_delete=models.CASCADE, related_name="check_verifier"
    )

    class Meta:
        verbose_name = "organisation that verifies checks"

    def __str__(self):
        return self.organisation.title

    @property
    def verifiable_text(self):
        return ", ".join(label.removeprefix("May verify: ") for label in self.verifiable_labels)

    def allows(self, kind):
        return getattr(self, f"may_verify_{kind}", False)
