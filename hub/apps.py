from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"

    def ready(self):
        from . import invalidation, purge

        invalidation.connect()
        purge.connect()
