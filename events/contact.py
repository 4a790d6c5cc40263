"""The "Tell the organiser" form: a visitor writes to an event's organiser, who gets an e-mail
(through :mod:`hub.mail`, queued) that they can answer; the visitor never sees their address.

It has a page of its own (``<event>/contact/``) because a page with a form carries a CSRF
token and is never kept by the page cache: the event page itself stays cacheable. Robots that
fill in every field (the hidden ``website`` one too) are told their message was sent, and
nothing is. Each visitor's address may send ``CONTACT_MESSAGES_PER_HOUR`` messages an hour,
counted in the database (:class:`events.models.ContactMessage`, which keeps a keyed hash of
the address, never the address), so the limit cannot switch off when the cache is gone.
"""

import datetime

from django import forms
from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.models import Site

from hub import mail
from hub.places import client_address

HOUR = datetime.timedelta(hours=1)
KEPT_FOR = datetime.timedelta(days=1)


class ContactForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=100)
    email = forms.EmailField(
        label="Your e-mail",
        help_text="The organiser replies to this. It is not shown on the site.",
    )
    people = forms.IntegerField(
        label="How many of you are coming? (optional)",
        required=False,
        min_value=1,
        max_value=100,
    )
    message = forms.CharField(
        label="Your message",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say you're coming, or ask about access, what to bring or anything else.",
    )
    # The honeypot: hidden from people (and screen readers), filled in by robots.
    website = forms.CharField(label="Leave this empty", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    @property
    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


def contact_organiser(request, event):
    if not event.organiser_inbox():
        raise Http404("This event has no organiser to write to.")
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ContactForm(request.POST if request.method == "POST" else None)
    status, sent = 200, False
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif form.is_robot:
            sent = True
        elif not _spend_allowance(request, event):
            status = 429
            form.add_error(
                None,
                "You have sent a lot of messages in the last hour, so please wait an hour "
                "before sending another.",
            )
        else:
            _send(request, event, form.cleaned_data)
            sent = True
    context = {"page": event, "self": event, "form": form, "sent": sent}
    response = TemplateResponse(request, "events/contact_organiser.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(int(HOUR.total_seconds()))
    return response


def _sender_key(request):
    """A keyed hash of the visitor's address: enough to count, useless to anyone reading it."""
    return salted_hmac("events.contact", client_address(request)).hexdigest()


def _spend_allowance(request, event):
    """Count one message against the sender's hourly allowance; False when it is used up."""
    messages = apps.get_model("events", "ContactMessage").objects
    now = timezone.now()
    sender = _sender_key(request)
    messages.filter(sent_at__lt=now - KEPT_FOR).delete()
    if messages.filter(sender=sender, sent_at__gte=now - HOUR).count() >= (
        settings.CONTACT_MESSAGES_PER_HOUR
    ):
        return False
    messages.create(event=event, sender=sender, sent_at=now)
    return True


def _send(request, event, data):
    site = Site.find_for_request(request)
    context = {
        "event": event,
        "data": data,
        "site_name": site.site_name if site and site.site_name else "Neighbour Day Hub",
        "event_url": event.get_full_url(request),
    }
    mail.send(
        f"{context['site_name']}: {data['name']} about {event.title}",
        render_to_string("events/email/contact_organiser.txt", context),
        [event.organiser_inbox()],
        reply_to=[data["email"]],
    )
