"""The partners app's models: organisations and their sections, projects, offers."""

from .offers import Offer, OfferChange, OfferIndexPage
from .organisations import OrganisationPage, PartnerIndexPage, Section
from .projects import PartnershipIndexPage, ProjectEvent, ProjectOutcome, ProjectPage

__all__ = [
    "Offer",
    "OfferChange",
    "OfferIndexPage",
    "OrganisationPage",
    "PartnerIndexPage",
    "PartnershipIndexPage",
    "ProjectEvent",
    "ProjectOutcome",
    "ProjectPage",
    "Section",
]
