""" "Opportunities that fit you": the passport's panel and the public list's "fits you" badges,
both from :func:`needs.matching.fitting`, the same rules as an organisation's suggestions."""

from django.template.loader import render_to_string

from volunteering.models import Volunteer
from volunteering.panels import passport_panel

from . import matching
from .models import Need

SHOWN = 5


@passport_panel
def opportunities(request, volunteer):
    """The passport's panel: the best few open needs that fit, each with why."""
    matches = matching.fitting(volunteer)
    return render_to_string(
        "needs/match/passport_fits.html",
        {"matches": matches[:SHOWN], "more": len(matches) - SHOWN, "volunteer": volunteer},
        request=request,
    )


def mark(user, needs):
    """Give each of ``needs`` (say, one page of the public list) a ``fit``: the
    :class:`~needs.matching.Match` if it fits ``user``'s passport, else None. Nobody
    signed in, or no passport: every ``fit`` is None. A fixed number of queries."""
    needs = list(needs)
    fits = {}
    volunteer = None
    if user.is_authenticated:
        volunteer = Volunteer.objects.filter(user=user).first()
    if volunteer is not None and needs:
        rows = Need.objects.filter(pk__in=[need.pk for need in needs])
        fits = {match.need.pk: match for match in matching.fitting(volunteer, needs=rows)}
    for need in needs:
        need.fit = fits.get(need.pk)
    return needs
