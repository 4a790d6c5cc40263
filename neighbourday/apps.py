from django.apps import AppConfig


class NeighbourDayConfig(AppConfig):
    name = "neighbourday"
    verbose_name = "Neighbour Day gatherings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.housekeeping import sweep
        from hub.invalidation import watch
        from volunteering.record import shows

        from . import counts, passport
        from .models import AreaCount, CouncilGuidance, PackDocument
        from .registration import purge_unconfirmed

        # The road-closure table and the pack's documents are shown on public pages (the help
        # and pack pages); the counts only on those declared in their scope (views.py), so
        # that a registration leaves every other page in the cache.
        watch(CouncilGuidance, PackDocument)
        watch(AreaCount, scope=counts.SCOPE)
        # Registrations left unconfirmed for 7 days go with the worker's daily housekeeping.
        sweep(purge_unconfirmed)
        # A signed-in organiser's gatherings are in their passport's record.
        shows("Neighbour Day gatherings")(passport.entries)
