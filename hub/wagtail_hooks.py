"""Admin hooks of the base: editors are told when a postcode is off the map and how to correct
a page waiting for a moderator; moderators see and lift sign-in lockouts
(:mod:`hub.lockouts`)."""

from django.contrib import messages
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

from hub.locations import Located
from hub.lockouts import LockoutViewSet


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_unplaced_postcode(request, page):
    """Saved, but not on the map: tell the editor why instead of refusing the edit."""
    page = page.specific
    if isinstance(page, Located) and page.location_problem:
        messages.warning(
            request,
            f"{page.location_problem} The page is saved, but it will not show in map and "
            "postcode searches until the postcode is corrected or a map pin is set.",
        )


@hooks.register("before_edit_page")
def explain_editing_in_moderation(request, page):
    """An editor opening their page while it waits for a moderator (and so locked for them) is
    told how to withdraw it and fix it: Wagtail's "Cancel workflow" is that, and loses
    nothing, though its name makes it sound like it throws the page away."""
    if request.method != "GET" or not page.workflow_in_progress:
        return
    if page.permissions_for_user(request.user).can_publish():
        return  # a moderator, who reviews it
    messages.info(
        request,
        "This page is waiting for a moderator, so it is locked while they review it. To "
        "correct it yourself, choose Cancel workflow under More actions: it comes back to you "
        "as a draft, with nothing lost. Then make the change, save the draft, and submit it "
        "for moderation again.",
    )


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("lockouts")


class PostcodeProblemsPanel(Component):
    """On a moderator's dashboard: pages awaiting their review whose postcode is not found."""

    name = "postcode_problems"
    template_name = "hub/admin/postcode_problems.html"
    order = 215  # just above Wagtail's "Awaiting your review"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        problems = []
        states = TaskState.objects.reviewable_by(self.request.user).select_related("revision")
        for state in states:
            page = state.revision.as_object()
            if isinstance(page, Located) and page.location_problem:
                problems.append({"page": page, "problem": page.location_problem})
        context["problems"] = problems
        return context


@hooks.register("construct_homepage_panels")
def add_postcode_problems_panel(request, panels):
    panels.append(PostcodeProblemsPanel(request))
