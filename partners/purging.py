"""The partners app's pages that show another page, for purging a CDN (hub.purge)."""

from django.db.models import Q

from events.models import EventPage
from hub.purge import shown_on

from .models import OrganisationPage, PartnerIndexPage, PartnershipIndexPage, ProjectPage


@shown_on
def organisations_and_projects(page):
    """An event shows on (and in the feed of) its organiser and the organisation whose section
    holds it, and on the projects it belongs to."""
    if not isinstance(page, EventPage):
        return []
    ancestors = [page.path[:end] for end in range(OrganisationPage.steplen, len(page.path))]
    organisations = OrganisationPage.objects.live().filter(
        Q(pk=page.organiser_id) | Q(path__in=ancestors)
    )
    projects = ProjectPage.objects.live().filter(related_events__event=page)
    return [*organisations, *projects]


@shown_on
def directories(page):
    """Organisations are listed in the directory, projects on the partnerships page."""
    index = {OrganisationPage: PartnerIndexPage, ProjectPage: PartnershipIndexPage}.get(type(page))
    site = page.get_site() if index else None
    return index.objects.live().in_site(site) if site else []
