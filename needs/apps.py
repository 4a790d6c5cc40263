from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = "Needs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from hub import sitemaps
        from hub.invalidation import watch
        from partners import dashboard_nav

        from . import fits  # noqa: F401  ("opportunities that fit you" on the passport)
        from .models import Need, NeedCheck
        from .permissions import need_policy
        from .sitemaps import NeedSection

        register_permission_policy(Need, need_policy)
        # Needs and their required checks show on /volunteer/opportunities/ and the map.
        watch(Need, NeedCheck)
        sitemaps.register("needs", NeedSection)
        dashboard_nav.register("Your needs", "needs_dashboard:list", order=10)
        dashboard_nav.register("Post a need", "needs_dashboard:add", order=11)
        dashboard_nav.register("Introductions", "needs_dashboard:introductions", order=12)
        dashboard_nav.register("Applications", "applications_dashboard:list", order=13)
        dashboard_nav.register("Reports", "reports:report", order=30)
