"""The background work of calendar import: each organisation's feed, every few hours.

:func:`import_calendar` imports one feed when it is due (or when asked to, after its address
changed) and, where the queue can run tasks later, queues its own next run; the
``import_calendars`` command (for cron, and for a queue that cannot wait) queues every feed
that is due. Nothing depends on a worker running: a feed not imported keeps its last events.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from .importer import run_import
from .models import CalendarSource


@task()
def import_calendar(source_id, force=False):
    source = CalendarSource.objects.select_related("organisation").filter(pk=source_id).first()
    if source is None or not source.active:
        return "gone"
    if not (force or source.is_due()):
        return "not due"
    run = run_import(source)
    if default_task_backend.supports_defer:
        later = timezone.now() + timezone.timedelta(hours=settings.CALENDAR_IMPORT_EVERY_HOURS)
        import_calendar.using(run_after=later).enqueue(source_id)
    return run.summary


def queue_due(now=None):
    """Queue the import of every active feed that is due; how many were queued."""
    due = [source.pk for source in CalendarSource.objects.filter(active=True) if source.is_due(now)]
    for pk in due:
        transaction.on_commit(lambda pk=pk: import_calendar.enqueue(pk))
    return len(due)
