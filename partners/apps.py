from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners"

    def ready(self):
        from wagtail.admin import auth as wagtail_admin_auth
        from wagtail.permissions import register_permission_policy

        from hub.invalidation import watch

        from . import purging, sections, signals  # noqa: F401  (signal receivers)
        from .admin_views import permission_denied
        from .models import Offer
        from .permissions import offer_policy

        register_permission_policy(Offer, offer_policy)
        watch(Offer)  # offers show on their organisation's page, /offers/ and the map
        # Wagtail's admin answers a refused request with a redirect to its dashboard; the hub
        # answers with a real 403 (see admin_views.permission_denied).
        wagtail_admin_auth.permission_denied = permission_denied
