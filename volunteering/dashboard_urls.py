"""Volunteers who shared their passport, in the partner dashboard (``/dashboard/volunteers/``)."""

from django.urls import path

from . import dashboard

app_name = "volunteering_dashboard"

urlpatterns = [
    path("", dashboard.shared_list, name="list"),
    path("<int:pk>/", dashboard.shared_passport, name="passport"),
    path("<int:pk>/checks/<int:check>/<slug:action>/", dashboard.decide, name="decide"),
]
