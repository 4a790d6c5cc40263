"""Housekeeping: the sweeps that remove what the site can no longer use, run by the worker.

Nothing depends on them for being right: every expiry a page shows (an offer past its date,
an ended event, a place look-up too old to trust) is derived when it is read. The sweeps only
keep tables from growing without end: place look-ups past the time they are trusted, expired
sessions, finished task results of the database queue. An app adds its own with
:func:`sweep`; each returns how many rows it removed.

How it runs without cron: ``manage.py worker`` queues :func:`housekeeping` when it starts.
The task runs the sweeps if they are due, then queues itself again for when they are next due
(``run_after``: the database queue and RQ's scheduler both hold it until then). The one row
of :class:`~hub.models.HousekeepingSchedule`, locked while it is read, says when that is, so
restarts, several workers or a duplicated chain never sweep twice in a period: an extra task
finds nothing due and stops without queueing another. ``manage.py worker --batch`` (a cron
line, where a platform has no long-running worker) runs it the same way.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import HousekeepingSchedule, PlaceLookup

__all__ = ["SWEEPS", "housekeeping", "start", "sweep"]

logger = logging.getLogger(__name__)

SWEEPS = {}


def sweep(function):
    """Register ``function()`` (returning the number of rows removed) as a sweep."""
    SWEEPS[f"{function.__module__}.{function.__qualname__}"] = function
    return function


@sweep
def stale_place_lookups():
    now = timezone.now()
    found = Q(latitude__isnull=False, looked_up_at__lt=now - PlaceLookup.FOUND_KEPT)
    not_found = Q(latitude__isnull=True, looked_up_at__lt=now - PlaceLookup.NOT_FOUND_KEPT)
    return PlaceLookup.objects.filter(found | not_found).delete()[0]


@sweep
def expired_sessions():
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        return Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return 0


@sweep
def finished_task_results():
    if not isinstance(task_backends["default"], DatabaseBackend):
        return 0
    kept_until = timezone.now() - settings.TASK_RESULTS_KEPT
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=kept_until)
    return finished.delete()[0]


def start():
    """Queue the housekeeping task (the worker does, as it starts)."""
    return housekeeping.enqueue()


@task()
def housekeeping():
    """Run every sweep if they are due; queue the next run. What each sweep removed, by name."""
    now = timezone.now()
    with transaction.atomic():
        schedule, _created = HousekeepingSchedule.objects.select_for_update().get_or_create(
            pk=1, defaults={"next_run_at": now}
        )
        if schedule.next_run_at > now:
            return {}
        schedule.next_run_at = now + settings.HOUSEKEEPING_EVERY
        schedule.save(update_fields=["next_run_at"])
        if task_backends["default"].supports_defer:
            next_run = housekeeping.using(run_after=schedule.next_run_at)
            transaction.on_commit(next_run.enqueue)
    removed = {name: function() for name, function in SWEEPS.items()}
    logger.info("housekeeping removed %s", removed)
    return removed
