"""Admin hooks of the base: editors are told when a postcode is off the map; moderators see
and lift sign-in lockouts (:mod:`hub.lockouts`)."""

from django.contrib import messages
from wagtail import hooks

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


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("lockouts")
