"""Reports on needs and volunteering, for an organisation (its own) or a moderator (all).

Four tables, each the same in the page, its chart and its CSV file:

* **needs**: per organisation, the needs posted in the period that are open, filled and
  closed today (closed: closed by a member, or past their last day);
* **fill**: per organisation, how long its needs filled in the period took to fill, from
  posting to the change that marked them filled (the need's history);
* **hours**: confirmed volunteer hours per organisation per month (the passport's
  :class:`~volunteering.models.ServiceRecord`, whoever recorded them);
* **districts**: volunteers active in the period per postcode district: with hours
  confirmed, or a place accepted or confirmed, on the organisations' needs. A count only:
  no one is named.

A fixed number of queries whatever the number of needs or volunteers.
"""

import datetime
import statistics

from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from volunteering.models import ServiceRecord, Volunteer

from .choices import COMMITTED, ApplicationStatus, NeedStatus
from .models import Application, Need, NeedChange

PERIODS = {3: "3 months", 6: "6 months", 12: "12 months", 24: "2 years"}
DEFAULT_MONTHS = 12
TABLES = {
    "needs": ["Organisation", "Open", "Filled", "Closed", "Total"],
    "fill": ["Organisation", "Needs filled", "Median days to fill", "Longest (days)"],
    "hours": ["Organisation", "Month", "Hours"],
    "districts": ["District", "Active volunteers"],
}


def since(months, today):
    return today - datetime.timedelta(days=round(months * 30.44))


def needs_by_status(organisations, start, today):
    now_status = Case(
        When(Q(status=NeedStatus.CLOSED) | Q(last_day__lt=today), then=Value("closed")),
        When(status=NeedStatus.FILLED, then=Value("filled")),
        default=Value("open"),
        output_field=CharField(),
    )
    rows = (
        Need.objects.filter(organisation__in=organisations, created_at__date__gte=start)
        .annotate(now=now_status)
        .values("organisation__title")
        .annotate(
            open=Count("pk", filter=Q(now="open")),
            filled=Count("pk", filter=Q(now="filled")),
            closed=Count("pk", filter=Q(now="closed")),
            total=Count("pk"),
        )
        .order_by("organisation__title")
    )
    return [
        [row["organisation__title"], row["open"], row["filled"], row["closed"], row["total"]]
        for row in rows
    ]


def time_to_fill(organisations, start):
    filled = (
        NeedChange.objects.filter(
            action=NeedChange.Action.FILLED,
            need__organisation__in=organisations,
            at__date__gte=start,
        )
        .order_by("need_id", "at")
        .values_list("need_id", "need__organisation__title", "need__created_at", "at")
    )
    days = {}
    seen = set()
    for need_id, title, created_at, at in filled:
        if need_id in seen:
            continue  # the first time it filled
        seen.add(need_id)
        days.setdefault(title, []).append((at - created_at).total_seconds() / 86400)
    return [
        [title, len(values), round(statistics.median(values), 1), round(max(values), 1)]
        for title, values in sorted(days.items())
    ]


def hours_by_month(organisations, start):
    rows = (
        ServiceRecord.objects.filter(
            organisation__in=organisations, confirmed_at__isnull=False, date__gte=start
        )
        .annotate(month=TruncMonth("date"))
        .values("organisation__title", "month")
        .annotate(hours=Sum("hours"))
        .order_by("organisation__title", "month")
    )
    return [
        [row["organisation__title"], f"{row['month']:%Y-%m}", row["hours"].normalize()]
        for row in rows
    ]


def active_by_district(organisations, start):
    with_hours = ServiceRecord.objects.filter(
        organisation__in=organisations, confirmed_at__isnull=False, date__gte=start
    ).values("volunteer_id")
    with_places = Application.objects.filter(
        need__organisation__in=organisations,
        status__in=[*COMMITTED, ApplicationStatus.COMPLETED],
        updated_at__date__gte=start,
    ).values("volunteer_id")
    rows = (
        Volunteer.objects.filter(Q(pk__in=with_hours) | Q(pk__in=with_places))
        .values("district")
        .annotate(active=Count("pk"))
        .order_by("-active", "district")
    )
    return [[row["district"], row["active"]] for row in rows]


def build(organisations, months=DEFAULT_MONTHS, today=None):
    """Every table for ``organisations`` (a queryset) over the last ``months``."""
    today = today or timezone.localdate()
    start = since(months, today)
    return {
        "needs": needs_by_status(organisations, start, today),
        "fill": time_to_fill(organisations, start),
        "hours": hours_by_month(organisations, start),
        "districts": active_by_district(organisations, start),
        "start": start,
        "today": today,
    }


def bars(rows, label, value, width=100):
    """Rows for a bar chart: (label, value, length in per cent of the longest)."""
    longest = max((float(row[value]) for row in rows), default=0) or 1
    return [(row[label], row[value], round(float(row[value]) / longest * width, 1)) for row in rows]
