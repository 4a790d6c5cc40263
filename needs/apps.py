from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = "Needs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from hub.invalidation import watch
        from partners import dashboard_links

        from .models import Need, NeedCheck
        from .permissions import need_policy

        register_permission_policy(Need, need_policy)
        # Needs and their required checks show on /volunteer/opportunities/ and the map.
        watch(Need, NeedCheck)
        dashboard_links.register("Your needs", "needs_dashboard:list")
        dashboard_links.register("Post a need", "needs_dashboard:add")
