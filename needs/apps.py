from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = "Needs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # "Opportunities that fit you" on the passport page (volunteering.panels).
        from . import fits  # noqa: F401
