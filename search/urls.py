from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search.geojson", views.search_geojson, name="search_geojson"),
]
