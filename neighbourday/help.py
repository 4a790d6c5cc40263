"""What could help a gathering: partners' offers that reach it, and the council's road rules.

Offers are matched by the hub's own rules: available offers of live, public organisations
(``Offer.objects.public``) whose own area reaches the gathering's postcode
(``hub.locations.within_reach``) and whose dates include the day of the gathering.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from hub.locations import within_reach
from partners.models import Offer

from .choices import Kind
from .models import CouncilGuidance


def offers_for(gathering, site):
    """The offers that could help, nearest first, each with ``miles`` set."""
    if gathering.point is None:
        return []
    rows = (
        Offer.objects.public(site, current_only=False)
        .available(today=gathering.date)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=gathering.date))
    )
    if not rows.exists():
        return []
    found = within_reach(rows, gathering.point, 0)
    by_pk = rows.select_related("organisation").in_bulk([pk for pk, _ in found])
    offers = []
    for pk, miles in found:
        offer = by_pk[pk]
        offer.miles = miles
        offers.append(offer)
    return offers


@dataclass
class RoadClosure:
    council: str
    weeks: int
    link: str
    notes: str
    apply_by: object
    too_late: bool


def road_closure(gathering, today=None):
    """The council's lead time for a road closure, and whether the date is closer than it."""
    if gathering.kind != Kind.ROAD_CLOSED:
        return None
    today = today or timezone.localdate()
    rows = {
        row.postcode: row
        for row in CouncilGuidance.objects.filter(postcode__in=[gathering.district, gathering.area])
    }
    row = rows.get(gathering.district) or rows.get(gathering.area)
    weeks = row.lead_time_weeks if row else CouncilGuidance.DEFAULT_WEEKS
    apply_by = gathering.date - timedelta(weeks=weeks)
    return RoadClosure(
        council=row.council if row else "your council",
        weeks=weeks,
        link=row.link if row else "",
        notes=row.notes if row else "",
        apply_by=apply_by,
        too_late=today > apply_by,
    )
