from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from hub.accessibility import AccessibilityFeatures
from hub.history import ChangeRecord, Tracked
from hub.locations import Located, reach_field

from ..choices import EXPIRED, EXPIRED_LABEL, OfferKind, OfferStatus
from ..filters import OfferFilter, listing_context


class OfferIndexPage(RoutablePageMixin, Page):
    """``/offers/``: what partner organisations can offer now, and a page for each offer."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    @path("")
    def listing(self, request):
        offer_filter = OfferFilter.for_request(request, site=self.get_site())
        context = self.get_context(request)
        context.update(listing_context(request, offer_filter))
        response = TemplateResponse(request, "partners/offer_index_page.html", context)
        return offer_filter.limited(response)

    @path("<int:pk>/")
    def detail(self, request, pk):
        offer = get_object_or_404(
            Offer.objects.public(self.get_site(), current_only=False).select_related(
                "organisation"
            ),
            pk=pk,
        )
        context = self.get_context(request)
        context["offer"] = offer
        if offer.current_status in (OfferStatus.WITHDRAWN, EXPIRED):
            return self.gone(request, offer, context)
        return TemplateResponse(request, "partners/offer_detail.html", context)

    def gone(self, request, offer, context):
        """410 Gone: the offer was here and is not coming back; what else there is like it."""
        context["similar"] = (
            Offer.objects.public(self.get_site())
            .filter(kind=offer.kind)
            .exclude(pk=offer.pk)
            .select_related("organisation")
            .order_by("-updated_at")[:3]
        )
        context["offers_url"] = self.get_url(request)
        return TemplateResponse(request, "partners/offer_gone.html", context, status=410)

    def get_sitemap_urls(self, request=None):
        """The listing, and the page of every offer available now."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        offers = Offer.objects.public(self.get_site()).only("pk", "updated_at").order_by("pk")
        urls += [
            {"location": f"{base}{offer.pk}/", "lastmod": offer.updated_at} for offer in offers
        ]
        return urls


def offers_page_url(site=None, request=None):
    """The address of the site's live ``/offers/`` page, or "" if it has none."""
    pages = OfferIndexPage.objects.live()
    if site is not None:
        pages = pages.in_site(site)
    index = pages.first()
    return index.get_url(request) if index else ""


class OfferQuerySet(models.QuerySet):
    """Offers, with their status as it is today.

    An offer past its ``available_until`` date has expired, whatever its stored status says
    (unless it was withdrawn). This is worked out when the offers are read, never written by
    a scheduled job, so nothing is listed as available a moment after its last day.
    """

    def with_current_status(self, today=None):
        today = today or timezone.localdate()
        return self.annotate(
            status_now=Case(
                When(
                    ~Q(status=OfferStatus.WITHDRAWN) & Q(available_until__lt=today),
                    then=Value(EXPIRED),
                ),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def available(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=OfferStatus.AVAILABLE).exclude(available_until__lt=today)

    def public(self, site=None, current_only=True, today=None):
        """Offers of live, public organisations; only those available today unless told."""
        organisations = self.model._meta.get_field("organisation").related_model
        organisations = organisations.objects.live().public()
        if site is not None:
            organisations = organisations.in_site(site)
        offers = self.filter(organisation__in=organisations.values("pk"))
        return offers.available(today) if current_only else offers


class Offer(Tracked, Located, AccessibilityFeatures):
    """Something a partner organisation can give: volunteers, a hall, food, a minibus...

    Every save writes an :class:`OfferChange` with the fields that changed (see
    :class:`hub.history.Tracked`), so the history is complete whichever way the offer was
    changed: the partner dashboard, the admin or the demo loader.
    """

    organisation = models.ForeignKey(
        "partners.OrganisationPage", on_delete=models.CASCADE, related_name="offers"
    )
    kind = models.CharField(
        "what kind of offer", max_length=20, choices=OfferKind.choices, db_index=True
    )
    title = models.CharField(
        max_length=120, help_text="A short name, e.g. 'Church hall for community events'."
    )
    description = models.TextField(
        max_length=5000,
        help_text="What it is, any conditions, and how people can take it up.",
    )
    quantity = models.PositiveIntegerField(
        "how many",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        help_text="A number, if it helps: e.g. 12 volunteers, or a hall for 80 people.",
    )
    quantity_unit = models.CharField(
        "of what",
        max_length=40,
        blank=True,
        help_text="What the number counts, e.g. volunteers, people, meals a week.",
    )
    available_from = models.DateField(
        null=True, blank=True, help_text="Leave empty if it is available now."
    )
    available_until = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="The last day. After it the offer expires by itself.",
    )
    regular_times = models.CharField(
        "regular days and times",
        max_length=200,
        blank=True,
        help_text="If it is regular, e.g. 'Tuesday and Thursday evenings' or 'Saturdays 9am "
        "to 1pm'.",
    )
    radius_miles = reach_field(
        "how far you can go, in miles", help_text="How far from the postcode the offer reaches."
    )
    status = models.CharField(
        max_length=12, choices=OfferStatus.choices, default=OfferStatus.AVAILABLE, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OfferQuerySet.as_manager()

    class Meta(Located.Meta):
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.available_from
            and self.available_until
            and self.available_until < self.available_from
        ):
            raise ValidationError({"available_until": "The last day is before the first day."})

    @property
    def current_status(self):
        """The status today: "expired" once the last day has passed, unless withdrawn."""
        if self.status != OfferStatus.WITHDRAWN and self.is_past_end():
            return EXPIRED
        return self.status

    @property
    def current_status_label(self):
        status = self.current_status
        return EXPIRED_LABEL if status == EXPIRED else OfferStatus(status).label

    def is_past_end(self, today=None):
        today = today or timezone.localdate()
        return self.available_until is not None and self.available_until < today

    @property
    def quantity_label(self):
        if self.quantity is None:
            return ""
        return f"{self.quantity:,} {self.quantity_unit}".strip()

    def get_url(self, request=None):
        """The public page of the offer, under the ``/offers/`` page of its organisation's site."""
        base = offers_page_url(self.organisation.get_site(), request)
        return f"{base}{self.pk}/" if base else ""


class OfferChange(ChangeRecord):
    """One change to an offer: who made it, when, and each field's old and new value."""

    class Action(models.TextChoices):
        CREATED = "created", "Logged the offer"
        EDITED = "edited", "Changed the offer"
        WITHDRAWN = "withdrawn", "Withdrew the offer"
        REOPENED = "reopened", "Reopened the offer"

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=12, choices=Action.choices)

    tracked_model = Offer

    class Meta(ChangeRecord.Meta):
        pass

    @classmethod
    def action_for(cls, before, after):
        if before is None:
            return cls.Action.CREATED
        if before["status"] != after["status"]:
            if after["status"] == OfferStatus.WITHDRAWN:
                return cls.Action.WITHDRAWN
            if before["status"] == OfferStatus.WITHDRAWN:
                return cls.Action.REOPENED
        return cls.Action.EDITED
