from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.models import Occurrence
from hub.blocks import BodyBlock
from hub.locations import Located, reach_field
from hub.place_panels import PinPanel

from ..challenges import CHALLENGES, ProjectChallenges
from ..choices import OutcomeMeasure, ProjectStatus, outcome_label
from ..filters import DirectoryPageMixin, ProjectFilter


class PartnershipIndexPage(DirectoryPageMixin, Page):
    """``/partnerships/``: every faith-partnership project of the site, wherever it sits."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.ProjectPage"]
    max_count_per_parent = 1
    filter_class = ProjectFilter

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["totals"] = context["filter"].outcome_totals()
        return context


class ProjectPage(Page, Located, ProjectChallenges):
    """A partnership project: who leads it, what it tackles, where, and what it has achieved.

    Projects of an organisation live in its section (so its editors can keep them up to
    date), and ones run jointly can sit under ``/partnerships/`` itself. The queryable facts
    (status, dates, place, challenges, organisations) are model fields; ``body`` is copy.
    """

    summary = models.TextField(
        max_length=300, help_text="One or two sentences that appear in the list of projects."
    )
    body = StreamField(BodyBlock(), blank=True, help_text="The full story of the project.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE, db_index=True
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if it is ongoing.")
    area_name = models.CharField(
        "area served",
        max_length=200,
        blank=True,
        help_text="In words, e.g. 'Devizes and the villages around it'.",
    )
    radius_miles = reach_field(
        "radius in miles", help_text="How far from the postcode the project reaches."
    )
    lead_organisations = ParentalManyToManyField(
        "partners.OrganisationPage",
        related_name="led_projects",
        help_text="The faith group or groups that lead the project.",
    )
    partner_bodies = ParentalManyToManyField(
        "partners.OrganisationPage",
        blank=True,
        related_name="partner_projects",
        help_text="Councils, NHS bodies, schools, police, charities or businesses working on it.",
    )
    other_partners = models.CharField(
        max_length=300,
        blank=True,
        help_text="Partners who are not in the directory, separated by commas.",
    )
    how_to_get_involved = RichTextField(
        blank=True,
        max_length=3000,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="What someone who wants to help should do.",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("area_name"),
        index.FilterField("status"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading="When"),
        MultiFieldPanel(
            [
                FieldPanel("area_name"),
                FieldPanel("postcode"),
                FieldPanel("radius_miles"),
            ],
            heading="Area it serves",
        ),
        PinPanel(),
        MultiFieldPanel(
            [
                FieldPanel("lead_organisations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partner_bodies", widget=forms.CheckboxSelectMultiple),
                FieldPanel("other_partners"),
            ],
            heading="Who is involved",
        ),
        MultiFieldPanel(
            [FieldPanel(name) for name in CHALLENGES], heading="Challenges it addresses"
        ),
        InlinePanel(
            "outcomes",
            label="Outcomes",
            heading="What it has achieved so far",
            help_text="Figures, e.g. 40 volunteers or 1,200 meals. The list of projects adds "
            "them up.",
        ),
        FieldPanel("how_to_get_involved"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("related_events", label="Related events"),
    ]

    parent_page_types = ["partners.PartnershipIndexPage", "partners.OrganisationPage"]
    subpage_types = []

    class Meta(Located.Meta):
        verbose_name = "partnership project"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date is before the start date."})

    @property
    def partners(self):
        """Partner bodies in the directory, then the other partners named in words."""
        names = [body.title for body in self.partner_bodies.all()]
        names += [name.strip() for name in self.other_partners.split(",") if name.strip()]
        return names

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        context["upcoming"] = (
            Occurrence.objects.visible(site)
            .upcoming()
            .filter(event__project_links__project=self)
            .select_related("event", "event__organiser")
            .first_of_each_event(limit=12)
        )
        context["index"] = PartnershipIndexPage.objects.live().in_site(site).first()
        return context


class ProjectOutcome(Orderable):
    """One figure a project reports, e.g. 1,200 meals; the project list sums them by measure."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.CharField(max_length=20, choices=OutcomeMeasure.choices)
    name = models.CharField(
        max_length=60,
        blank=True,
        help_text="Only for 'Something else': what you counted, e.g. 'food parcels'.",
    )
    value = models.PositiveIntegerField(
        "number", validators=[MaxValueValidator(10_000_000)], help_text="A whole number."
    )

    panels = [FieldRowPanel([FieldPanel("measure"), FieldPanel("name"), FieldPanel("value")])]

    def clean(self):
        super().clean()
        self.name = " ".join(self.name.split()).lower()
        if self.measure == OutcomeMeasure.OTHER and not self.name:
            raise ValidationError({"name": "Say what you counted."})
        if self.measure != OutcomeMeasure.OTHER:
            self.name = ""

    @property
    def label(self):
        return outcome_label(self.measure, self.name)


class ProjectEvent(Orderable):
    """An event that belongs to a project, wherever the event's page lives."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="related_events")
    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="project_links"
    )

    panels = [PageChooserPanel("event", "events.EventPage")]
