"""E-mail: password-reset links at the site's public address, and a failed send is logged."""

import logging
import re
import socket

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import Site

from tests.partners.conftest import make_user

pytestmark = pytest.mark.django_db


def ask_for_a_reset(client):
    return client.post("/admin/password_reset/", {"email": "editor@example.org"})


def test_the_reset_link_is_at_the_sites_public_address(tree):
    make_user("editor", is_staff=True)
    assert ask_for_a_reset(Client()).status_code == 302
    [message] = mail.outbox
    [link] = re.findall(r"https?://\S+", message.body)
    assert link.startswith(Site.objects.get(is_default_site=True).root_url + "/admin/")


def test_a_send_that_fails_is_logged(tree, settings, caplog, django_capture_on_commit_callbacks):
    """The page says the same whatever happened (it must not tell strangers which addresses
    have accounts), so the failure has to be in the log for the people running the site."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # nothing listens there once it is closed
    settings.EMAIL_BACKEND = "hub.mail.QueuedEmailBackend"  # as outside the tests
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    make_user("editor", is_staff=True)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        assert ask_for_a_reset(Client()).status_code == 302
    [failure] = [r for r in caplog.records if r.name == "hub.mail"]
    assert "could not be sent" in failure.getMessage()
    assert isinstance(failure.exc_info[1], ConnectionRefusedError)
    assert "editor@" not in failure.getMessage()
