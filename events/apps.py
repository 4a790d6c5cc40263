from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from . import purging, signals  # noqa: F401  (feed cache receivers, CDN purging)
