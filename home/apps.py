from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home"

    def ready(self):
        from . import purging  # noqa: F401  (the pages a CDN purges with an event)
