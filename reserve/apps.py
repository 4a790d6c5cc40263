from django.apps import AppConfig


class ReserveConfig(AppConfig):
    name = "reserve"
    verbose_name = "Volunteer Reserve call-outs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partners import dashboard_nav

        dashboard_nav.register("Call-outs", "reserve:list", order=14)
