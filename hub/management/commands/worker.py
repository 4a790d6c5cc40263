"""``manage.py worker``: run the background tasks of whichever queue settings name.

The database queue (``django_tasks_db``) is run by its ``db_worker``; RQ on Redis by
django-rq's ``rqworker`` with django-tasks-rq's job class and the scheduler (for tasks that
run later). ``--batch`` runs what is waiting and stops, for tests and cron. Either way it
first queues the housekeeping sweeps, which run if they are due (:mod:`hub.housekeeping`).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks import task_backends
from django_tasks_rq import RQBackend

from hub import housekeeping


class Command(BaseCommand):
    help = "Run the background task worker for the configured queue (database or RQ)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what waits, then stop")

    def handle(self, *args, batch=False, verbosity=1, **options):
        backend = task_backends["default"]
        housekeeping.start()
        if isinstance(backend, RQBackend):
            call_command(
                "rqworker",
                *sorted(backend.queues),
                job_class="django_tasks_rq.Job",  # runs django-tasks' tasks, not bare RQ jobs
                burst=batch,
                with_scheduler=not batch,
            )
        else:
            call_command("db_worker", batch=batch, verbosity=verbosity, startup_delay=False)
