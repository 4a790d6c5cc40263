"""Build the demo site. Under the production settings only when asked (--allow-production),
and then no demo account keeps a published password: each gets a random one, shown once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo
from hub.addresses import apply_site_url
from partners import demo as partner_demo
from volunteering import demo as volunteer_demo


class Command(BaseCommand):
    help = "Build a realistic demo site. Safe to run again: what exists is left as it is."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo under the production settings, with random passwords.",
        )

    def handle(self, *args, allow_production=False, **options):
        production = getattr(settings, "PRODUCTION", False)
        if production and not allow_production:
            raise CommandError(
                "These are the production settings: the demo adds accounts and content to a "
                "live site. Run it again with --allow-production if that is what you want; "
                "every demo account then gets a random password."
            )
        logins = [*demo.USERS, *partner_demo.USERS, *volunteer_demo.USERS]
        with transaction.atomic():  # nobody can sign in with a demo password meanwhile
            summary = demo.build()
            apply_site_url()  # the demo's Site answers at SITE_URL
            if production:
                logins = self.randomise_known_passwords(logins)
        for line in summary.lines():
            self.stdout.write(line)
        if production and logins:
            self.stdout.write("\nDemo logins (random passwords: shown this once, keep them safe):")
        elif settings.DEBUG:
            self.stdout.write("\nDemo logins (development only):")
        else:
            return
        for username, password, role in logins:
            self.stdout.write(f"  {username:<16} {password:<24} {role}")

    def randomise_known_passwords(self, logins):
        """Give every demo account that still has its published password a random one."""
        changed = []
        users = get_user_model().objects.in_bulk(
            [login[0] for login in logins], field_name="username"
        )
        for username, published, role in logins:
            user = users.get(username)
            if user is not None and user.check_password(published):
                password = secrets.token_urlsafe(18)
                user.set_password(password)
                user.save(update_fields=["password"])
                changed.append((username, password, role))
        return changed
