from django.core.management.base import BaseCommand
from wagtail.models import Site

from neighbourday.registration import send_follow_ups


class Command(BaseCommand):
    help = (
        "E-mail the organisers of gatherings that have taken place to ask how many people "
        "came. Run it each morning; each organiser is asked once, whenever it runs."
    )

    def handle(self, *args, **options):
        site = Site.objects.get(is_default_site=True)
        sent = send_follow_ups(site)
        self.stdout.write(f"Asked {sent} organisers how many people came.")
