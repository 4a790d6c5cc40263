from django.apps import AppConfig


class HubConfig(AppConfig):
    """The base every app stands on: shared blocks, site settings, places and listings."""

    name = "hub"
    verbose_name = "Hub"
