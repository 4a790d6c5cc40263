from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = "Needs"
    default_auto_field = "django.db.models.BigAutoField"
