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
        results = super().results(search, found)
        base = offers_page_url(search.site, search.request)  # each has its page under it
        for result in results:
            result.url = search.absolute_url(f"{base}{result.pk}/" if base else "")
        return results

    def result(self, search, offer, miles):
        return Result(
            kind=self,
            pk=offer.pk,
            title=offer.title,
            url="",  # see results()
            latitude=offer.latitude,
            longitude=offer.longitude,
            miles=miles,
            summary=offer.description[:200],
            details=[" · ".join([offer.get_kind_display(), offer.organisation.title])],
        )


KINDS = [PartnersKind(), ProjectsKind(), OffersKind()]
