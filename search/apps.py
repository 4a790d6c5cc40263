from django.apps import AppConfig

from .kinds import discover


class SearchConfig(AppConfig):
    """The map search (``/search/`` and its GeoJSON), at the top of the house with home: it
    finds what each app's ``search_kinds`` module lists once every app is loaded."""

    name = "search"
    verbose_name = "Map search"

    def ready(self):
        discover()
