from django.conf import settings
from django.core.management.base import BaseCommand

from home import demo
from partners import demo as partner_demo


class Command(BaseCommand):
    help = "Build a realistic demo site. Safe to run again: what exists is left as it is."

    def handle(self, *args, **options):
        summary = demo.build()
        for line in summary.lines():
            self.stdout.write(line)
        if settings.DEBUG:
            self.stdout.write("\nDemo logins (development only):")
            for username, password, role in [*demo.USERS, *partner_demo.USERS]:
                self.stdout.write(f"  {username:<16} {password:<20} {role}")
