"""Partners, partnership projects and offers in the map search, each found by its own
directory's filter: the same rows /partners/, /partnerships/ and /offers/ list for the same
words and place (projects and offers when the area they serve reaches it)."""

from hub.kinds import FilterKind, PageKind, Result

from .filters import OfferFilter, OrganisationFilter, ProjectFilter
from .models.offers import offers_page_url


class PartnersKind(PageKind):
    name = "partners"
    label = "Partners"
    noun = "Partner"
    filter_class = OrganisationFilter

    def details(self, page):
        facts = [page.get_kind_display()]
        if page.tradition:
            facts.append(page.get_tradition_display())
        if page.verified:
            facts.append("Verified partner")
        if page.postcode:
            facts.append(page.postcode)
        return [" · ".join(facts)]


class ProjectsKind(PageKind):
    name = "projects"
    label = "Partnership projects"
    noun = "Partnership project"
    filter_class = ProjectFilter

    def summary(self, page):
        return page.summary

    def details(self, page):
        return [" · ".join([page.get_status_display(), *page.challenges[:3]])]


class OffersKind(FilterKind):
    """Offers available now (not pages: each has its page under /offers/)."""

    name = "offers"
    label = "Offers"
    noun = "Offer"
    filter_class = OfferFilter

    def results(self, search, found):
        offers = self.filter(search).matching.in_bulk([pk for pk, _ in found])
        base = offers_page_url(search.site, search.request)
        return [
            Result(
                kind=self,
                pk=pk,
                title=offers[pk].title,
                url=search.absolute_url(f"{base}{pk}/" if base else ""),
                latitude=offers[pk].latitude,
                longitude=offers[pk].longitude,
                miles=miles,
                summary=offers[pk].description[:200],
                details=[
                    " · ".join([offers[pk].get_kind_display(), offers[pk].organisation.title])
                ],
            )
            for pk, miles in found
            if pk in offers
        ]


KINDS = [PartnersKind(), ProjectsKind(), OffersKind()]
