"""Reports, at ``/dashboard/reports/``."""

from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.report, name="report"),
    path("<slug:table>.csv", report_views.report_csv, name="csv"),
]
