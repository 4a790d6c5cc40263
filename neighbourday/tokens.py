"""The signed links an organiser gets: to confirm a registration and to manage it.

A link carries the gathering's id and its own random secret, signed with the site's key and
a purpose (salt), so it cannot be forged, cannot be turned into a link for another
gathering, and a confirmation link cannot be used as a management link. A confirmation link
lasts as long as an unconfirmed registration is kept (7 days).
"""

from datetime import timedelta

from django.core import signing

from .models import Gathering

CONFIRM = "neighbourday.confirm"
MANAGE = "neighbourday.manage"
UNCONFIRMED_KEPT = timedelta(days=7)


def make(gathering, purpose):
    return signing.dumps([gathering.pk, gathering.secret], salt=purpose, compress=True)


def read(token, purpose, max_age=None):
    """The gathering the token names, or None if it is forged, expired or not for this."""
    try:
        pk, secret = signing.loads(token, salt=purpose, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    gathering = Gathering.objects.filter(pk=pk).first()
    if gathering is None or gathering.secret != secret:
        return None
    return gathering
