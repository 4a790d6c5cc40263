from django.core.management.base import BaseCommand

from calendarimport.tasks import queue_due


class Command(BaseCommand):
    help = "Queue the import of every organisation's calendar feed that is due (for cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {queue_due()} calendar imports.")
