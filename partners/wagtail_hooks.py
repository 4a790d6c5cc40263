from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from . import admin_views
from .models import OrganisationPage
from .permissions import can_verify, organisations_for
from .sections import add_event_links
from .viewsets import offer_viewset


@hooks.register("register_admin_viewset")
def register_offer_viewset():
    return offer_viewset


@hooks.register("register_admin_urls")
def register_partner_admin_urls():
    return [
        path(
            "partners/organisation/<int:pk>/verify/",
            admin_views.verify,
            name="partners_verify_organisation",
        )
    ]


@hooks.register("register_page_header_buttons")
def verify_button(page, user, view_name, next_url=None):
    """Moderators see "Verify" (or "Verified") in the header of an organisation's page."""
    if isinstance(page.specific_deferred, OrganisationPage) and can_verify(user):
        label = "Verified" if page.specific_deferred.verified else "Verify"
        yield Button(
            label,
            url=reverse("partners_verify_organisation", args=[page.pk]),
            icon_name="success",
            priority=90,
        )


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    actions.register_action("partners.verify", "Verify", "Marked as a verified partner")
    actions.register_action("partners.unverify", "Remove verification", "Verified mark removed")


class AddEventPanel(Component):
    """At the top of the admin home: "Add an event" straight into the create form, in the
    editor's own organisation's section (or the events listing, for moderators)."""

    name = "add_event"
    template_name = "partners/admin/add_event.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = self.request.user
        context["links"] = add_event_links(user, organisations_for(user))
        return context


@hooks.register("construct_homepage_panels")
def add_add_event_panel(request, panels):
    panels.append(AddEventPanel(request))
