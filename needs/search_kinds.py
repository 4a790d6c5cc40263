"""Open needs in the map search, found by the listing's own filter: the same needs
``/volunteer/opportunities/`` lists for the same words and place."""

from django.urls import reverse

from hub.kinds import FilterKind, Result

from .filters import NeedFilter


class NeedsKind(FilterKind):
    name = "needs"
    label = "Volunteering opportunities"
    noun = "Volunteering opportunity"
    filter_class = NeedFilter

    def result(self, search, need, miles):
        return Result(
            kind=self,
            pk=need.pk,
            title=need.title,
            url=search.absolute_url(reverse("needs:detail", args=[need.uuid])),
            latitude=need.latitude,
            longitude=need.longitude,
            miles=miles,
            summary=need.description[:200],
            details=[" · ".join([need.get_kind_display(), need.organisation.title])],
        )


KINDS = [NeedsKind()]
