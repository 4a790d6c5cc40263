"""Each kind of change public pages can show, as a page to look at and a change to make.

Shared by the page cache's invalidation tests in one process (test_invalidation.py) and
across two server processes (test_pagecache_servers.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from needs.factories import NeedCheckFactory, NeedFactory
from partners.factories import ProjectPageFactory


@dataclass
class Change:
    url: str
    make: Callable[[], object]
    gone: bytes | None = None  # on the page before the change, not after
    shown: bytes | None = None  # on the page after the change, not before
    status_before: int = 200
    status_after: int = 200


def saving(instance, **fields):
    """A change that sets ``fields`` and saves (a plain model) or publishes (a page)."""

    def make():
        for name, value in fields.items():
            setattr(instance, name, value)
        if hasattr(instance, "save_revision"):
            instance.save_revision().publish()
        else:
            instance.save()

    return make


def _event(site, **fields):
    return EventPageFactory(parent=site.events, title="Soup night", **fields)


def publish(site):
    make = saving(_event(site), title="Soup and bread night")
    return Change("/events/", make, gone=b"Soup night", shown=b"Soup and bread night")


def publish_new(site):
    draft = _event(site, live=False)
    return Change("/events/", lambda: draft.save_revision().publish(), shown=b"Soup night")


def unpublish(site):
    event = _event(site)
    return Change("/events/", event.unpublish, gone=b"Soup night")


def move(site):
    event = _event(site)
    url = event.url
    return Change(
        url,
        lambda: event.move(site.org_a, pos="last-child"),
        gone=b"Soup night",
        status_after=301,  # to its new address: Wagtail makes a redirect for every move
    )


def delete(site):
    event = _event(site)
    return Change("/events/", event.delete, gone=b"Soup night")


def view_restriction(site):
    event = _event(site)
    return Change(
        event.url,
        lambda: PageViewRestriction.objects.create(
            page=event, restriction_type=PageViewRestriction.LOGIN
        ),
        gone=b"Soup night",
        status_after=302,
    )


def site_setting(site):
    gone = site.settings.tagline.encode()
    make = saving(site.settings, tagline="Tea on every street")
    return Change("/", make, gone=gone, shown=b"Tea on every street")


def wagtail_site(site):
    make = saving(site.site, site_name="Neighbours of Devizes")
    return Change("/", make, gone=b"| Hub</title>", shown=b"| Neighbours of Devizes</title>")


def redirect(site):
    def make():
        Redirect.objects.create(old_path="/soup", site=site.site, redirect_page=site.events)

    return Change("/soup/", make, status_before=404, status_after=301)


def offer(site):
    make = saving(site.offer_a, title="Church hall for 120")
    return Change("/offers/", make, gone=b"Church hall for 80", shown=b"Church hall for 120")


def need(site):
    posted = NeedFactory(organisation=site.org_a, title="Soup kitchen helpers")
    make = saving(posted, title="Soup kitchen cooks")
    return Change(
        "/volunteer/opportunities/",
        make,
        gone=b"Soup kitchen helpers",
        shown=b"Soup kitchen cooks",
    )


def need_check(site):
    posted = NeedFactory(organisation=site.org_a, title="Soup kitchen helpers")
    return Change(
        "/volunteer/opportunities/?no_check=on",
        lambda: NeedCheckFactory(need=posted, kind="food_hygiene"),
        gone=b"Soup kitchen helpers",
    )


def project(site):
    project = ProjectPageFactory(parent=site.partnerships, title="Food bank")
    make = saving(project, title="Food and clothes bank")
    return Change("/partnerships/", make, gone=b"Food bank", shown=b"Food and clothes bank")


def organisation(site):
    make = saving(site.org_b, title="Devizes Central Mosque")
    return Change("/partners/", make, gone=b"Devizes Mosque", shown=b"Devizes Central Mosque")


def organisation_verified(site):
    def make():
        moderator = Client()
        moderator.force_login(site.moderator)
        url = reverse("partners_verify_organisation", args=[site.org_b.pk])
        assert moderator.post(url, {"verified": "true"}).status_code == 302

    return Change(site.org_b.url, make, shown=b"Verified partner")


CHANGES = {
    function.__name__: function
    for function in (
        publish,
        publish_new,
        unpublish,
        move,
        delete,
        view_restriction,
        site_setting,
        wagtail_site,
        redirect,
        offer,
        need,
        need_check,
        project,
        organisation,
        organisation_verified,
    )
}


def check(response, change, after):
    """The page as it should be before (``after`` False) or after the change."""
    body = response.content
    expected = change.status_after if after else change.status_before
    assert response.status_code == expected, response.status_code
    if change.gone is not None:
        assert (change.gone in body) is not after
    if change.shown is not None:
        assert (change.shown in body) is after
