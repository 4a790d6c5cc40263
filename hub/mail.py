"""E-mail goes out through the task queue, never inside a request.

:func:`send` is how the hub's own features send mail: the message is queued when the current
transaction commits (so a rolled-back change sends nothing) and the worker hands it to
``EMAIL_DELIVERY_BACKEND`` (SMTP unless settings say otherwise). :class:`QueuedEmailBackend`,
as ``EMAIL_BACKEND``, sends every other e-mail the same way, Wagtail's moderation notices
and password resets included. With no worker running, messages wait in the queue; none is
lost.
"""

import base64
import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


def send(subject, body, to, *, html=None, from_email=None, reply_to=None, headers=None):
    """Queue an e-mail (plain text, and HTML when given) to the addresses in ``to``."""
    message = EmailMultiAlternatives(
        subject, body, from_email, to, reply_to=reply_to, headers=headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    enqueue(message)


def enqueue(message):
    transaction.on_commit(partial(deliver.enqueue, as_data(message)))


def as_data(message):
    """An e-mail as JSON-ready data (a task's arguments are stored as JSON)."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in message.alternatives]
        if hasattr(message, "alternatives")
        else [],
        "attachments": [_attachment(item) for item in message.attachments],
    }


def _attachment(item):
    filename, content, mimetype = item
    if isinstance(content, str):
        content = content.encode()
    return [filename, base64.b64encode(content).decode("ascii"), mimetype]


def from_data(data):
    message = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        data["from_email"],
        data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def deliver(data):
    """Send one queued e-mail through the delivery backend.

    A failure is logged with its reason (never the addresses: they are personal data) and
    raised, so the queue records the task as failed."""
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
            return connection.send_messages([from_data(data)])
    except Exception:
        logger.exception("An e-mail (%r) could not be sent", data["subject"])
        raise


class QueuedEmailBackend(BaseEmailBackend):
    """An e-mail backend that queues each message for :func:`deliver`."""

    def send_messages(self, email_messages):
        for message in email_messages:
            enqueue(message)
        return len(email_messages)
