from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = "Volunteering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partners import dashboard_nav

        dashboard_nav.register("Volunteers who shared", "volunteering_dashboard:list", order=20)
