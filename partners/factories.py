import factory
import wagtail_factories

from .choices import OrganisationKind
from .models import OrganisationPage, PartnerIndexPage


class PartnerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partners"
    slug = "partners"

    class Meta:
        model = PartnerIndexPage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Community group {n}")
    kind = OrganisationKind.COMMUNITY_GROUP
    postcode = "SN10 1AB"

    class Meta:
        model = OrganisationPage
