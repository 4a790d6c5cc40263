"""Leaving the hub's non-essential e-mail: a signed link in each message, no sign-in needed.

A feature that sends mail nobody asked for this time (an invitation to help, a Volunteer
Reserve call-out, news of an application to an organisation) names a *topic*
(:func:`topic`) and sends through :func:`send`, which skips addresses that left the topic
and ends the message with the link (and the ``List-Unsubscribe`` headers of RFC 2369 and
RFC 8058, for mail clients' own button). Essential messages (a decision about someone's
own application, hours confirmed) go through :func:`hub.mail.send` with no link.

The link carries the topic and a keyed hash of the address (:func:`fingerprint`: no
address is in a link, a log or the opt-out list), signed with the site's key for this
purpose, so it cannot be forged or turned to another address or topic; it does not expire (an old
message's link must still work). Opening it shows one button, because mail scanners open
links and must not unsubscribe anyone; the button, or a mail client's one-click POST,
records the choice (:class:`~hub.models.MailOptOut`).
"""

import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import mail
from .addresses import absolute
from .models import MailOptOut

SALT = "hub.optout"
TOPICS = {}


def topic(key, description):
    """Register a topic: ``description`` completes "e-mails about ...". Returns ``key``."""
    TOPICS[key] = description
    return key


def fingerprint(email):
    """A keyed hash of the address: what the link and the opt-out list hold instead of it,
    so neither the address bar, the request log nor the table shows an e-mail address."""
    address = (email or "").strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()


def make(email, key):
    return signing.dumps([fingerprint(email), key], salt=SALT)


def read(token):
    """(address fingerprint, topic) of a genuine link, else None."""
    try:
        print_, key = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if key not in TOPICS or not isinstance(print_, str):
        return None
    return print_, key


def link(email, key):
    return absolute(reverse("unsubscribe", args=[make(email, key)]))


def left(emails, key):
    """Those of ``emails`` that left ``key``."""
    prints = {fingerprint(email): email for email in emails}
    gone = MailOptOut.objects.filter(fingerprint__in=list(prints), topic=key)
    return {prints[print_] for print_ in gone.values_list("fingerprint", flat=True)}


def opted_out(email, key):
    return bool(left([email], key))


def leave(email, key):
    MailOptOut.objects.get_or_create(fingerprint=fingerprint(email), topic=key)


def send(subject, body, to, key, **options):
    """Queue a non-essential e-mail to each address in ``to`` that has not left ``key``,
    one message each (every link names its own address). Returns how many were queued."""
    gone = left(to, key)
    sent = 0
    for email in to:
        if email in gone:
            continue
        url = link(email, key)
        footer = f"\n\n--\nTo stop e-mails about {TOPICS[key]}: {url}\n"
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        mail.send(subject, body.rstrip() + footer, [email], headers=headers, **options)
        sent += 1
    return sent


@csrf_exempt  # the signed address is the authority: a mail client's one-click POST has no form
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = read(token)
    if found is None:
        return TemplateResponse(request, "hub/unsubscribe_invalid.html", status=400)
    print_, key = found
    if request.method == "POST":
        MailOptOut.objects.get_or_create(fingerprint=print_, topic=key)
    return TemplateResponse(
        request,
        "hub/unsubscribe.html",
        {
            "description": TOPICS[key],
            "left": MailOptOut.objects.filter(fingerprint=print_, topic=key).exists(),
        },
    )
