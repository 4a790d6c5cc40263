from django.apps import AppConfig


class CalendarImportConfig(AppConfig):
    """Organisations' own iCalendar feeds, imported as events in their sections."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "calendarimport"
    verbose_name = "Calendar import"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signals  # noqa: F401
        from .permissions import imported_policy, source_policy

        register_permission_policy(source_policy.model, source_policy)
        register_permission_policy(imported_policy.model, imported_policy)
