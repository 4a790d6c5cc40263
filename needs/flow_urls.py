"""The flow's addresses in the ``needs`` namespace (included by :mod:`needs.urls`)."""

from django.urls import path

from . import application_dashboard, applications

urlpatterns = [
    path("<uuid:uuid>/apply/", applications.apply, name="apply"),
    path("<uuid:uuid>/invite/", application_dashboard.invite, name="invite"),
]
