from django.apps import AppConfig


class HubConfig(AppConfig):
    """The base every app stands on: shared blocks, site settings, places and listings."""

    name = "hub"
    verbose_name = "Hub"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from . import checks, invalidation, purge  # noqa: F401  (deploy checks)
        from .addresses import apply_site_url

        # After every migrate: Wagtail's own migrations make the default Site.
        wagtail = apps.get_app_config("wagtailcore")
        post_migrate.connect(apply_site_url, sender=wagtail, dispatch_uid="hub_apply_site_url")
        invalidation.connect()
        purge.connect()

        from django.db.models import URLField
        from wagtail.admin.forms.models import register_form_field_override

        # A web address typed in the admin without its scheme is taken as https://, as every
        # form of the hub's own does (Django 6's default).
        register_form_field_override(URLField, override={"assume_scheme": "https"})

        from wagtail.permissions import register_permission_policy

        from .lockouts import AccessAttempt, LockoutPermissionPolicy

        register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))
