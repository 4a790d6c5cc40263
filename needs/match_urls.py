"""Matching in the partner dashboard: suggestions, offers for needs, introductions
(included in ``needs.dashboard_urls``, so in its namespace, ``needs_dashboard``)."""

from django.urls import path

from . import match_views

urlpatterns = [
    path("<int:pk>/suggestions/", match_views.suggestions, name="suggestions"),
    path("<int:pk>/offers/", match_views.offers, name="offers"),
    path("<int:pk>/offers/<int:offer>/introduce/", match_views.introduce, name="introduce"),
    path("for-your-offers/", match_views.for_offers, name="for_offers"),
    path(
        "for-your-offers/<int:offer>/<int:need>/introduce/",
        match_views.offer_introduce,
        name="offer_introduce",
    ),
    path("introductions/", match_views.introductions_list, name="introductions"),
    path("introductions/<int:pk>/<slug:action>/", match_views.decide, name="introduction_decide"),
]
