from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from hub.blocks import BodyBlock


class HomePage(Page):
    hero_heading = models.CharField(max_length=120, default="Get to know your neighbours")
    hero_text = models.TextField(
        blank=True, help_text="A sentence or two under the heading on the home page."
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "events.EventIndexPage",
        "partners.PartnerIndexPage",
        "partners.PartnershipIndexPage",
        "partners.OfferIndexPage",
        "home.StandardPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from events.models import Occurrence

        context = super().get_context(request, *args, **kwargs)
        upcoming = (
            Occurrence.objects.visible(self.get_site())
            .upcoming()
            .filter(cancelled=False)
            .select_related("event")
            .order_by("-event__featured", "start")
        )
        context["featured"] = upcoming.first_of_each_event(limit=6, scan=30)
        return context


class StandardPage(Page):
    """A plain page of text: about the hub, privacy, accessibility statement."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]


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
        ordering = ["date"]

    def __str__(self):
        return f"Neighbour Day {self.date:%-d %B %Y}"


class PlaceLookup(models.Model):
    """An online geocoder's answer for a place name, kept so each name is asked for once.

    Written by :mod:`hub.places`; a row with no latitude records that the place was not found.
    """

    query = models.CharField(max_length=100, unique=True, help_text="The name, in lower case.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True, help_text="What the page calls it.")
    looked_up_at = models.DateTimeField()

    class Meta:
        verbose_name = "place look-up"

    def __str__(self):
        return self.query

    def is_fresh(self, now):
        from hub.places import FOUND_KEPT, NOT_FOUND_KEPT

        kept = NOT_FOUND_KEPT if self.latitude is None else FOUND_KEPT
        return self.looked_up_at > now - kept
