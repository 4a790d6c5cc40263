import datetime

import factory
import wagtail_factories

from .choices import OfferKind, OrganisationKind, OutcomeMeasure, ProjectStatus
from .models import (
    Offer,
    OfferIndexPage,
    OrganisationPage,
    PartnerIndexPage,
    PartnershipIndexPage,
    ProjectOutcome,
    ProjectPage,
)


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


class PartnershipIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partnerships"
    slug = "partnerships"

    class Meta:
        model = PartnershipIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    """A project; pass ``lead_organisations=[...]`` and ``partner_bodies=[...]`` to link them."""

    title = factory.Sequence(lambda n: f"Partnership project {n}")
    summary = "Faith groups and the council working together."
    status = ProjectStatus.ACTIVE
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=90))
    postcode = "SN10 1AB"
    radius_miles = 3

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True  # the hooks save when they change something

    @factory.post_generation
    def lead_organisations(self, create, extracted, **kwargs):
        if extracted:
            self.lead_organisations.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def partner_bodies(self, create, extracted, **kwargs):
        if extracted:
            self.partner_bodies.set(extracted)
            if create:
                self.save()


class ProjectOutcomeFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectPageFactory)
    measure = OutcomeMeasure.VOLUNTEERS
    value = 10

    class Meta:
        model = ProjectOutcome


class OfferIndexPageFactory(wagtail_factories.PageFactory):
    title = "Offers"
    slug = "offers"

    class Meta:
        model = OfferIndexPage


class OfferFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Offer {n}")
    kind = OfferKind.VOLUNTEERS
    description = "Volunteers to help on the day."
    quantity = 6
    quantity_unit = "volunteers"
    postcode = "SN10 1AB"
    radius_miles = 5

    class Meta:
        model = Offer
