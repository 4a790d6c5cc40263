"""The partners app's models, one module per concern."""

from .organisations import OrganisationPage, PartnerIndexPage

__all__ = ["OrganisationPage", "PartnerIndexPage"]
