"""Public needs, at ``/volunteer/opportunities/`` (URL namespace ``needs``).

The application flow's views live in their own module, included here so that they share
the namespace (``needs:apply`` is ``<uuid>/apply/``).
"""

from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.need_list, name="list"),
    path("feed.ics", views.need_feed, name="feed"),
    path("<uuid:uuid>/", views.need_detail, name="detail"),
]
