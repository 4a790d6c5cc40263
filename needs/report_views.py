"""Reports in the partner dashboard (``/dashboard/reports/``): a member sees their own
organisations', a moderator every organisation's (:mod:`needs.reports`); each table also as
CSV. Never cached: the figures are the organisation's own."""

import csv

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from partners.models import OrganisationPage
from partners.permissions import organisations_for
from partners.views import members_only

from . import reports
from .permissions import need_policy


def _organisations(user):
    if need_policy.holds_model_permission(user, "view"):
        return OrganisationPage.objects.all(), True
    return organisations_for(user), False


def _months(request):
    raw = request.GET.get("months", "")
    return int(raw) if raw.isdigit() and int(raw) in reports.PERIODS else reports.DEFAULT_MONTHS


@never_cache
@members_only
def report(request):
    organisations, everyone = _organisations(request.user)
    months = _months(request)
    tables = reports.build(organisations, months)
    per_month = {}
    for _title, month, hours in tables["hours"]:
        per_month[month] = per_month.get(month, 0) + hours
    chart = reports.bars(sorted(per_month.items()), 0, 1)
    return TemplateResponse(
        request,
        "needs/reports/report.html",
        {
            "tables": tables,
            "headings": reports.TABLES,
            "everyone": everyone,
            "organisations": organisations.order_by("title") if not everyone else None,
            "months": months,
            "periods": reports.PERIODS.items(),
            "chart": chart,
            "chart_height": 28 * len(chart) + 10,
        },
    )


@never_cache
@members_only
def report_csv(request, table):
    if table not in reports.TABLES:
        raise Http404
    organisations, _everyone = _organisations(request.user)
    months = _months(request)
    rows = reports.build(organisations, months)[table]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}-{months}-months.csv"'
    writer = csv.writer(response)
    writer.writerow(reports.TABLES[table])
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return response


def _safe(value):
    """A cell a spreadsheet will not run as a formula (organisation names are typed by
    people)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
