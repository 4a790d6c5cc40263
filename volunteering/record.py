"""A volunteer's record: confirmed hours, with totals per organisation and per year."""

from django.db.models import Sum
from django.db.models.functions import ExtractYear


def confirmed(volunteer):
    return volunteer.service.filter(confirmed_at__isnull=False)


def summary(volunteer):
    hours = confirmed(volunteer)
    return {
        "entries": hours.select_related("organisation")[:200],
        "by_organisation": hours.values("organisation__title")
        .annotate(total=Sum("hours"))
        .order_by("organisation__title"),
        "by_year": hours.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("hours"))
        .order_by("-year"),
        "total": hours.aggregate(total=Sum("hours"))["total"] or 0,
    }
