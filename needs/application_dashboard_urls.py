"""Applications to an organisation's needs, in the partner dashboard
(``/dashboard/applications/``)."""

from django.urls import path

from . import application_dashboard

app_name = "applications_dashboard"

urlpatterns = [
    path("", application_dashboard.application_list, name="list"),
    path("<int:pk>/", application_dashboard.detail, name="detail"),
    path("<int:pk>/<slug:action>/", application_dashboard.act, name="act"),
]
