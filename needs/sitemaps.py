"""The open public needs in ``/sitemap.xml``: their list and a page for each.

Only what ``/volunteer/opportunities/`` shows: open needs of live, public organisations
(``Need.objects.public``). Closed, filled and past needs answer 410 Gone and are left out.
One query whatever the number of needs.
"""

from django.urls import reverse

from hub.sitemaps import Section

from .models import Need


class NeedSection(Section):
    def entries(self, site):
        needs = list(Need.objects.public(site).only("uuid", "updated_at").order_by("pk"))
        # The list changes when one of the needs it shows does.
        latest = max((need.updated_at for need in needs), default=None)
        yield reverse("needs:list"), latest
        for need in needs:
            yield reverse("needs:detail", args=[need.uuid]), need.updated_at
