from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from hub.locations import Located

from .choices import OrganisationKind, Tradition


class PartnerIndexPage(Page):
    """The directory of partner organisations; each organisation's section sits below it."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.OrganisationPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = (
            OrganisationPage.objects.child_of(self).live().public().order_by("title")
        )
        return context


class OrganisationPage(Page, Located):
    """A partner organisation's profile, and the top of its own section of the site."""

    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, db_index=True)
    tradition = models.CharField(
        "faith tradition",
        max_length=20,
        choices=Tradition.choices,
        blank=True,
        db_index=True,
        help_text="For faith groups only.",
    )
    denomination = models.CharField(
        max_length=100, blank=True, help_text="For Christian churches, e.g. Methodist."
    )
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    address = models.TextField(blank=True, help_text="Street address, without the postcode.")
    website = models.URLField(blank=True)
    public_email = models.EmailField(blank=True, help_text="Shown on the site.")
    phone = models.CharField(max_length=30, blank=True, help_text="Shown on the site.")
    private_contact_email = models.EmailField(
        blank=True, help_text="Private: only moderators see this. It is never shown on the site."
    )
    verified = models.BooleanField(
        default=False, help_text="Set by moderators once they have checked the organisation."
    )

    search_fields = [*Page.search_fields, index.SearchField("description")]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("tradition"), FieldPanel("denomination")],
            heading="What kind of organisation",
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("website"),
                FieldPanel("public_email"),
                FieldPanel("phone"),
            ],
            heading="Contact",
        ),
        FieldPanel("private_contact_email"),
        FieldPanel("verified"),
    ]

    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types = ["events.EventPage"]

    class Meta(Located.Meta):
        verbose_name = "partner organisation"

    def clean(self):
        super().clean()
        if self.tradition and self.kind != OrganisationKind.FAITH_GROUP:
            raise ValidationError({"tradition": "Only faith groups have a faith tradition."})

    def get_context(self, request, *args, **kwargs):
        from events.models import Occurrence

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = (
            Occurrence.objects.upcoming().filter(event__organiser=self).select_related("event")[:20]
        )
        return context
