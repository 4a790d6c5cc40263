"""Calendar files (``events/feed.ics``, ``events/<slug>/event.ics``, ``partners/<slug>/feed.ics``)
are routes of their pages; Wagtail's own pattern only takes paths ending in a slash."""

from django.urls import re_path

from .polling import calendar_file

urlpatterns = [
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)$", calendar_file, name="calendar_file"),
]
