"""A volunteer's applications, at ``/volunteer/applications/``."""

from django.urls import path

from . import applications

app_name = "applications"

urlpatterns = [
    path("", applications.application_list, name="list"),
    path("<int:pk>/", applications.detail, name="detail"),
    path("<int:pk>/confirm/", applications.confirm, name="confirm"),
    path("<int:pk>/withdraw/", applications.withdraw, name="withdraw"),
]
