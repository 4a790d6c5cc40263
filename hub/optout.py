"""Leaving the hub's non-essential e-mail: a signed link in each message, no sign-in needed.

A feature that sends mail nobody asked for this time (an invitation to help, a Volunteer
Reserve call-out, news of an application to an organisation) names a *topic*
(:func:`topic`) and sends through :func:`send`, which skips addresses that left the topic
and ends the message with the link (and the ``List-Unsubscribe`` headers of RFC 2369 and
RFC 8058, for mail clients' own button). Essential messages (a decision about someone's
own application, hours confirmed) go through :func:`hub.mail.send` with no link.

The link carries the address and the topic signed with the site's key for this purpose,
so it cannot be forged or turned to another address or topic; it does not expire (an old
message's link must still work). Opening it shows one button, because mail scanners open
links and must not unsubscribe anyone; the button, or a mail client's one-click POST,
records the choice (:class:`~hub.models.MailOptOut`).
"""

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


def _address(email):
    return (email or "").strip().lower()


def make(email, key):
    return signing.dumps([_address(email), key], salt=SALT, compress=True)


def read(token):
    """(address, topic) of a genuine link, else None."""
    try:
        email, key = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if key not in TOPICS or not isinstance(email, str):
        return None
    return email, key


def link(email, key):
    return absolute(reverse("unsubscribe", args=[make(email, key)]))


def opted_out(email, key):
    return MailOptOut.objects.filter(email=_address(email), topic=key).exists()


def leave(email, key):
    MailOptOut.objects.get_or_create(email=_address(email), topic=key)


def send(subject, body, to, key, **options):
    """Queue a non-essential e-mail to each address in ``to`` that has not left ``key``,
    one message each (every link names its own address). Returns how many were queued."""
    left = set(
        MailOptOut.objects.filter(email__in=[_address(e) for e in to], topic=key).values_list(
            "email", flat=True
        )
    )
    sent = 0
    for email in to:
        if _address(email) in left:
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
    email, key = found
    if request.method == "POST":
        leave(email, key)
    return TemplateResponse(
        request,
        "hub/unsubscribe.html",
        {
            "description": TOPICS[key],
            "left": request.method == "POST" or opted_out(email, key),
        },
    )
