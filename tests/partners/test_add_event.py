"""An organisation's editors add an event in one click, into their own section, and can edit
every event that names their organisation as its organiser, wherever it was created."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from events.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def add_event_url(parent):
    return reverse("wagtailadmin_pages:add", args=("events", "eventpage", parent.pk))


def links(html, text):
    """The addresses of the links whose text is ``text``."""
    return re.findall(rf'<a[^>]*href="([^"]+)"[^>]*>\s*{re.escape(escape(text))}\s*</a>', html)


@pytest.mark.parametrize("where", ["/dashboard/", "/admin/"])
def test_a_member_adds_an_event_in_one_click_into_their_section(client, site, where):
    signed_in(client, site.member_a)
    found = links(client.get(where).content.decode(), f"Add an event for {site.org_a.title}")
    assert found == [add_event_url(site.org_a)]
    form = client.get(found[0])
    assert form.status_code == 200  # the create form itself, not a choice of where


def test_a_moderator_adds_an_event_to_the_events_listing_from_the_admin_home(client, site):
    signed_in(client, site.moderator)
    found = links(client.get("/admin/").content.decode(), "Add an event")
    assert found == [add_event_url(site.events)]
    assert client.get(found[0]).status_code == 200


def test_the_organisers_editors_can_edit_its_events_made_elsewhere(client, site):
    party = EventPageFactory(parent=site.events, title="Devizes street party", organiser=site.org_a)
    edit = reverse("wagtailadmin_pages:edit", args=(party.pk,))

    signed_in(client, site.member_a)
    page = client.get(edit)
    assert page.status_code == 200
    assert "can edit this event" in page.content.decode()  # who can, said on the form
    # ...and it is listed among their pages on the dashboard.
    assert "Devizes street party" in client.get("/dashboard/").content.decode()

    signed_in(client, site.member_b)  # another organisation's editor may not
    assert client.get(edit).status_code != 200
    assert "Devizes street party" not in client.get("/dashboard/").content.decode()
