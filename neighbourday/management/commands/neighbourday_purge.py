from django.core.management.base import BaseCommand

from neighbourday.registration import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete Neighbour Day registrations left unconfirmed for more than 7 days. Run it "
        "daily; until it runs they are invisible anyway (never listed, counted or confirmable)."
    )

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        self.stdout.write(f"Removed {deleted} unconfirmed registrations.")
