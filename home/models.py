"""The top of the page tree: the home page, and plain pages of text."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from events.models import Occurrence
from hub.blocks import BodyBlock
from hub.filters import DEFAULT_RADIUS, RADIUS_CHOICES


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
        context = super().get_context(request, *args, **kwargs)
        upcoming = (
            Occurrence.objects.visible(self.get_site())
            .upcoming()
            .filter(cancelled=False)
            .select_related("event", "event__organiser")
            .order_by("start", "event_id")
        )
        # The next events, whatever their kind; then the editors' highlights not among them.
        context["coming_up"] = coming_up = upcoming.first_of_each_event(limit=6, scan=30)
        shown = {occurrence.event_id for occurrence in coming_up}
        context["featured"] = [
            occurrence
            for occurrence in upcoming.filter(event__featured=True).first_of_each_event(
                limit=3 + len(shown), scan=60
            )
            if occurrence.event_id not in shown
        ][:3]
        # The postcode box asks the map search for events, with the listings' own distances.
        context["radius_choices"], context["default_radius"] = RADIUS_CHOICES, DEFAULT_RADIUS
        return context


class StandardPage(Page):
    """A plain page of text: about the hub, privacy, accessibility statement."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
