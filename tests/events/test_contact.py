"""Every event says who organises it and how to take part: a booking link, or a form that
e-mails the organiser without showing their address, with a honeypot and a rate limit that
holds when the cache is gone."""

import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import TestCase

from events.factories import EventPageFactory
from events.models import ContactMessage
from hub import pagecache

pytestmark = pytest.mark.django_db

PRIVATE = "organiser-home@example.org"


def form_data(**overrides):
    data = {
        "name": "Pat Visitor",
        "email": "pat@example.net",
        "people": "2",
        "message": "We're coming, with a dog.",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, event, data=None, **extra):
    """Send the form; e-mail is queued when the transaction commits (hub.mail), so run that."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"{event.url}contact/", data or form_data(), **extra)


@pytest.fixture
def event(tree):
    return EventPageFactory(parent=tree.events, title="Green Street party", contact_email=PRIVATE)


def test_the_event_page_shows_its_organiser_and_how_to_take_part(client, tree):
    tree.organisation.phone = "01380 123456"
    tree.organisation.public_email = "hello@stmarys.example.org"
    tree.organisation.save_revision().publish()
    booked = EventPageFactory(
        parent=tree.events, organiser=tree.organisation, booking_url="https://tickets.example.org/1"
    )
    html = client.get(booked.url).content.decode()
    assert "Organised by" in html and "St Mary&#x27;s Church" in html
    assert "01380 123456" in html and "hello@stmarys.example.org" in html
    assert 'href="https://tickets.example.org/1"' in html and ">Book a place" in html


def test_a_named_contact_and_the_form_when_there_is_no_booking_link(client, event):
    event.contact_name = "Sam Jones"
    event.contact_phone = "07700 900123"
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    assert "Sam Jones" in html and "07700 900123" in html
    assert f'href="{event.url}contact/"' in html
    assert "Tell the organiser you're coming" in html
    assert PRIVATE not in html


def test_accessibility_not_stated_comes_with_a_way_to_ask(client, tree):
    with_form = EventPageFactory(parent=tree.events, contact_email=PRIVATE)
    html = client.get(with_form.url).content.decode()
    match = re.search(r"<dt>Accessibility</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert "please ask the organiser" in match.group(1)
    assert f'href="{with_form.url}contact/"' in match.group(1)
    nobody = EventPageFactory(parent=tree.events)
    html = client.get(nobody.url).content.decode()
    assert "please ask the organiser" not in html
    assert "Not stated" in html
    assert client.get(f"{nobody.url}contact/").status_code == 404


def test_the_event_page_stays_cacheable_and_the_form_does_not(client, event):
    page = client.get(event.url)
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert client.get(event.url)[pagecache.CACHE_HEADER] == "hit"
    form = client.get(f"{event.url}contact/")
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    assert PRIVATE not in form.content.decode()


def test_the_message_reaches_the_organiser_without_showing_their_address(client, event):
    response = post(client, event, form_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your message has been sent" in html and PRIVATE not in html
    [message] = mail.outbox
    assert message.to == [PRIVATE]
    assert message.reply_to == ["pat@example.net"]
    assert "Green Street party" in message.subject
    assert "We're coming, with a dog." in message.body and "2" in message.body


def test_the_organisations_address_is_used_when_the_event_has_none(client, tree):
    tree.organisation.private_contact_email = "office@stmarys.example.org"
    tree.organisation.save_revision().publish()
    event = EventPageFactory(parent=tree.events, organiser=tree.organisation)
    assert post(client, event, form_data()).status_code == 200
    assert mail.outbox[0].to == ["office@stmarys.example.org"]


def test_bad_input_is_explained_next_to_the_field(client, event):
    response = post(client, event, form_data(email="pat@", message=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email_error"' in html and 'id="id_message_error"' in html
    assert 'value="pat@"' in html  # what was typed, as typed
    assert not mail.outbox


def test_the_honeypot_sends_nothing(client, event):
    response = post(client, event, form_data(website="http://spam.example"))
    assert response.status_code == 200  # a robot learns nothing
    assert not mail.outbox


def test_too_many_messages_from_one_address_are_refused(client, event, settings):
    for _ in range(settings.CONTACT_MESSAGES_PER_HOUR):
        assert post(client, event, form_data()).status_code == 200
    response = post(client, event, form_data())
    assert response.status_code == 429
    assert "Retry-After" in response
    assert len(mail.outbox) == settings.CONTACT_MESSAGES_PER_HOUR
    other = post(client, event, form_data(), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


def test_the_limit_holds_without_the_cache(client, event, settings, monkeypatch):
    """The count is kept in the database, so a cache that is gone cannot switch it off."""
    cache = caches["default"]
    for name in ("get", "add", "incr", "set", "get_many"):
        monkeypatch.setattr(cache, name, lambda *a, **k: None)
    for _ in range(settings.CONTACT_MESSAGES_PER_HOUR):
        post(client, event, form_data())
    assert post(client, event, form_data()).status_code == 429


def test_no_address_of_the_sender_is_kept(client, event):
    post(client, event, form_data())
    [row] = ContactMessage.objects.all()
    assert "127.0.0.1" not in row.sender and "pat@" not in row.sender


def test_get_and_post_only(client, event):
    assert client.put(f"{event.url}contact/").status_code == 405
