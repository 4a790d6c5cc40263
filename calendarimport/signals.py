"""A feed whose address was given or changed is imported straight away (in the background)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import CalendarSource
from .tasks import import_calendar


@receiver(post_save, sender=CalendarSource, dispatch_uid="calendarimport_source_saved")
def source_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or update_fields is not None or not instance.active or instance.content_digest:
        return
    transaction.on_commit(lambda: import_calendar.enqueue(instance.pk, force=True))
