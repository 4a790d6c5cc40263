"""The Volunteer Passport, at ``/volunteer/`` (the volunteer's own pages)."""

from django.urls import path

from . import views

app_name = "volunteering"

urlpatterns = [
    path("", views.passport, name="passport"),
    path("about/", views.about, name="about"),
    path("availability/", views.availability, name="availability"),
    path("availability/away/", views.absence_add, name="absence_add"),
    path("availability/away/<int:pk>/delete/", views.absence_delete, name="absence_delete"),
    path("checks/add/", views.check_add, name="check_add"),
    path("checks/<int:pk>/delete/", views.check_delete, name="check_delete"),
    path("reserve/", views.reserve, name="reserve"),
    path("record/", views.my_record, name="record"),
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/<int:pk>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path("export.json", views.export_json, name="export_json"),
    path("print/", views.export_print, name="export_print"),
    path("delete/", views.delete_account, name="delete"),
    path("privacy/", views.privacy, name="privacy"),
]
