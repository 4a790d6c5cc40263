"""An organisation's needs, in the partner dashboard (``/dashboard/needs/``)."""

from django.urls import include, path

app_name = "needs_dashboard"

urlpatterns = [
    path("", include("needs.match_urls")),
]
