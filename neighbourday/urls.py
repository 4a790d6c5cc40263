from django.urls import path

from . import views

app_name = "neighbourday"

urlpatterns = [
    path("neighbour-day/", views.overview, name="overview"),
    path("neighbour-day/register/", views.register, name="register"),
    path("neighbour-day/register/sent/", views.registered, name="registered"),
    path("neighbour-day/links/", views.resend, name="resend"),
    path("neighbour-day/confirm/<str:token>/", views.confirm, name="confirm"),
    path("neighbour-day/manage/<str:token>/", views.manage, name="manage"),
    path("neighbour-day/manage/<str:token>/change/", views.edit, name="edit"),
    path("neighbour-day/manage/<str:token>/cancel/", views.cancel, name="cancel"),
    path("neighbour-day/manage/<str:token>/how-many-came/", views.attendance, name="attendance"),
    path("neighbour-day/manage/<str:token>/ask/<int:offer_id>/", views.ask, name="ask"),
    path("neighbour-day/manage/<str:token>/invitation/", views.invitation, name="invitation"),
    path(
        "neighbour-day/manage/<str:token>/poster/",
        views.invitation,
        {"poster": True},
        name="poster",
    ),
    path("api/neighbour-day/stats.json", views.stats_json, name="stats_json"),
    path("api/neighbour-day/districts.geojson", views.districts_geojson, name="districts_geojson"),
    path(
        "api/neighbour-day/gatherings.geojson", views.gatherings_geojson, name="gatherings_geojson"
    ),
]
