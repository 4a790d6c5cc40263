"""Partner organisations: the directory, each organisation's profile page (the top of its own
section of the tree, with its events, projects, offers and calendar feed), and its section."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page
from wagtail.search import index

from events import views as event_views
from events.feeds import feed_address
from events.filters import EventFilter
from hub.locations import Located
from hub.validators import phone_validator

from ..choices import OrganisationKind, Tradition
from ..filters import DirectoryPageMixin, OrganisationFilter
from ..validators import charity_register, normalise_charity_number, validate_charity_number
from .offers import Offer, offers_page_url
from .projects import ProjectPage


class PartnerIndexPage(DirectoryPageMixin, Page):
    """The directory of partner organisations; each organisation's section sits below it."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.OrganisationPage"]
    max_count_per_parent = 1
    filter_class = OrganisationFilter


class OrganisationPage(RoutablePageMixin, Page, Located):
    """A partner organisation's profile, and the top of its own section of the site.

    Its events and partnership projects are its child pages, so the page permissions its
    editors' group holds here (see :mod:`partners.sections`) cover exactly its own pages.
    """

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
    charity_number = models.CharField(
        max_length=12,
        blank=True,
        validators=[validate_charity_number],
        help_text="If you are a registered charity: e.g. 1123456 (England and Wales), "
        "SC012345 (Scotland) or NIC100123 (Northern Ireland).",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square picture works best.",
    )
    description = RichTextField(
        blank=True, max_length=5000, features=["bold", "italic", "link", "ul", "ol"]
    )
    address = models.TextField(
        blank=True, max_length=300, help_text="Street address, without the postcode."
    )
    website = models.URLField(blank=True)
    public_email = models.EmailField(blank=True, help_text="Shown on the site.")
    phone = models.CharField(
        max_length=30, blank=True, validators=[phone_validator], help_text="Shown on the site."
    )
    private_contact_email = models.EmailField(
        blank=True, help_text="Private: only moderators see this. It is never shown on the site."
    )
    verified = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set by moderators once they have checked the organisation.",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("tradition"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("tradition"),
                FieldPanel("denomination"),
                FieldPanel("charity_number"),
            ],
            heading="What kind of organisation",
        ),
        FieldPanel("logo"),
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
    ]

    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types = ["events.EventPage", "partners.ProjectPage"]

    class Meta(Located.Meta):
        verbose_name = "partner organisation"
        permissions = [("verify_organisationpage", "Can mark partner organisations as verified")]

    @property
    def charity_register(self):
        return charity_register(self.charity_number)

    def clean(self):
        super().clean()
        self.charity_number = normalise_charity_number(self.charity_number)
        if self.tradition and self.kind != OrganisationKind.FAITH_GROUP:
            raise ValidationError({"tradition": "Only faith groups have a faith tradition."})

    def with_content_json(self, content):
        """Restoring or publishing a revision never changes the verified flag.

        ``verified`` is a moderator's judgement about the organisation, not part of what its
        editors write, so (like Wagtail's own ``locked`` flag) it stays as it is on the live
        row; moderators change it with the "verify" action only.
        """
        page = super().with_content_json(content)
        page.verified = self.verified
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        # Its events, as its calendar feed has them: one filter, one rule for "its own".
        own_events = EventFilter({}, site=site, organiser=self)
        context["upcoming"] = (
            own_events.occurrences().filter(cancelled=False).first_of_each_event(limit=12)
        )
        context["projects"] = (
            ProjectPage.objects.live()
            .public()
            .in_site(site)
            .filter(
                models.Q(lead_organisations=self)
                | models.Q(partner_bodies=self)
                | models.Q(path__startswith=self.path)
            )
            .distinct()
            .prefetch_related("lead_organisations", "outcomes")
            .order_by("title")
        )
        context["offers"] = (
            Offer.objects.public(site)
            .filter(organisation=self)
            .select_related("organisation")
            .order_by("title")
        )
        context["offers_url"] = offers_page_url(site, request)
        context["feed"] = feed_address(request, self, own_events)
        return context

    def get_cached_paths(self):
        """What a CDN is asked to purge when the organisation changes (see hub.purge)."""
        return ["/", "feed.ics"]

    @path("feed.ics/")
    def feed(self, request):
        """A calendar feed of this organisation's events (the listing's filters work too)."""
        return event_views.event_feed(request, self, organiser=self)


class Section(models.Model):
    """Who may edit an organisation's part of the site.

    An organisation's editors are the members of :attr:`group`: that group is the single
    source of truth for membership, both for Wagtail's page permissions on the
    organisation's pages and for the offers in the partner dashboard (see
    :mod:`partners.permissions`). Moderators add someone to an organisation by ticking its
    group on the user's page in the admin.

    Kept apart from :class:`OrganisationPage` so that page revisions, reverts and copies never
    carry or change it. Created by :func:`partners.sections.set_up_section`.
    """

    organisation = models.OneToOneField(
        OrganisationPage, on_delete=models.CASCADE, related_name="section"
    )
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="organisation_section"
    )
    collection = models.ForeignKey(
        Collection, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Section of {self.organisation.title}"
