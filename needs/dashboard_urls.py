"""An organisation's needs, in the partner dashboard (``/dashboard/needs/``)."""

from django.urls import path

from . import dashboard

app_name = "needs_dashboard"

urlpatterns = [
    path("", dashboard.need_list, name="list"),
    path("new/", dashboard.need_add, name="add"),
    path("<int:pk>/", dashboard.need_detail, name="detail"),
    path("<int:pk>/edit/", dashboard.need_edit, name="edit"),
    path("<int:pk>/delete/", dashboard.need_delete, name="delete"),
    path("<int:pk>/<slug:action>/", dashboard.need_status, name="status"),
]
