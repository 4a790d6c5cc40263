"""Admin hooks for everything with a place: editors are told when a postcode is off the map."""

from django.contrib import messages
from wagtail import hooks

from hub.locations import Located


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
