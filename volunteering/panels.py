"""Parts of the passport page (``/volunteer/``) that the apps above the passport add.

The passport sits below the apps that use it (needs: "opportunities that fit you"), so it
cannot ask them; each registers a function ``panel(request, volunteer)`` returning HTML (or
"" for nothing) with :func:`passport_panel`, from its ``AppConfig.ready()``. The passport
shows them in the order they were registered, after "About me".
"""

from hub.registry import Registry

PANELS = Registry()


def passport_panel(function):
    """Register ``function(request, volunteer) -> str`` as a panel of the passport page."""
    return PANELS.add(function, function)


def render(request, volunteer):
    """The registered panels' HTML for this volunteer, leaving out the empty ones."""
    return [html for panel in PANELS if (html := panel(request, volunteer))]
