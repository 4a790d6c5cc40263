"""The event form as an organisation's editor sees it: no "Featured" box (publishing to the
home page is the moderators' call), and the map pin folded away behind "Pin in a different
place" with plain help, open only when a pin is set."""

import re

import pytest
from django.urls import reverse

from events.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def add_form(client, user, parent):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", parent.pk))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def pin_section(html):
    """The opening tag of the panel section that holds the pin fields, and its heading."""
    sections = re.findall(r'(<section class="[^"]*"[^>]*>)(.*?)</section>', html, re.S)
    for opening, inner in sections:
        if 'name="pin_latitude"' in inner and 'name="postcode"' not in inner:
            return opening, inner
    raise AssertionError("no panel of its own for the pin")


def test_editors_do_not_see_featured_and_moderators_do(client, site):
    assert 'name="featured"' not in add_form(client, site.member_a, site.org_a)
    assert 'name="featured"' in add_form(client, site.moderator, site.events)


def test_an_editor_saving_keeps_what_a_moderator_featured(site):
    from events.forms import EventPageForm  # the form the admin builds for an event

    featured = EventPageFactory(parent=site.org_a, title="Harvest supper", featured=True)
    form_class = featured.get_edit_handler().get_form_class()
    assert issubclass(form_class, EventPageForm)
    as_editor = form_class(instance=featured, parent_page=site.org_a, for_user=site.member_a)
    as_moderator = form_class(instance=featured, parent_page=site.org_a, for_user=site.moderator)
    assert "featured" not in as_editor.fields  # so a save cannot clear it
    assert "featured" in as_moderator.fields


def test_the_pin_is_folded_away_with_plain_help(client, site):
    html = add_form(client, site.member_a, site.org_a)
    opening, inner = pin_section(html)
    assert "Pin in a different place" in inner
    assert "collapsed" in opening
    assert "right-click" in inner  # how to find a latitude and longitude, in plain words

    pinned = EventPageFactory(parent=site.org_a, pin_latitude=51.35, pin_longitude=-1.99)
    client.force_login(site.member_a)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(pinned.pk,))).content.decode()
    opening, _inner = pin_section(edit)
    assert "collapsed" not in opening  # a pin that is set is shown
