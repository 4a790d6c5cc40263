"""Limits on registrations, counted in the database so they never switch off.

The registrations themselves are the record: each keeps a keyed hash of the address it came
from (never the address), and its e-mail. A limit is a count of recent rows, so it holds
while the cache is down, across every server, and after a restart.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from hub.places import client_address

from .choices import Status
from .models import Gathering

PER_ADDRESS = 5  # registrations from one address an hour
PER_EMAIL = 3  # registrations for one e-mail address a day


def client_hash(request):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()


def refusal(request, email, now=None):
    """The sentence to refuse a registration with (HTTP 429), or ''."""
    now = now or timezone.now()
    recent = Gathering.objects.filter(created_at__gte=now - timedelta(hours=1))
    if recent.filter(client_hash=client_hash(request)).count() >= PER_ADDRESS:
        return (
            "Too many gatherings have been registered from your connection in the last hour. "
            "Please try again in an hour."
        )
    if email:
        today = Gathering.objects.filter(
            created_at__gte=now - timedelta(days=1), organiser_email__iexact=email
        )
        if today.count() >= PER_EMAIL:
            return (
                f"{PER_EMAIL} gatherings have been registered with that e-mail address today, "
                "which is the most we take in a day. Please try again tomorrow."
            )
    return ""


def duplicate(email, postcode, date):
    """The live registration with the same e-mail, postcode and date, or None."""
    return (
        Gathering.objects.filter(
            organiser_email__iexact=email,
            postcode=postcode,
            date=date,
            status__in=[Status.UNCONFIRMED, Status.CONFIRMED],
        )
        .order_by("pk")
        .first()
    )
