"""After every kind of change, the next anonymous request sees it (hub.invalidation), and no
change to a model of the hub's own apps goes unnoticed."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from hub import invalidation, pagecache
from hub.settings.base import BASE_DIR
from tests.partners.conftest import build_partner_site

from .changes import CHANGES, check


@pytest.fixture
def site(tree):
    return build_partner_site(tree)


@pytest.mark.parametrize("name", list(CHANGES))
def test_the_next_request_after_a_change_sees_it(client, site, name):
    change = CHANGES[name](site)
    client.get(change.url)
    cached = client.get(change.url)
    assert cached[pagecache.CACHE_HEADER] == "hit"
    check(cached, change, after=False)
    change.make()
    check(client.get(change.url), change, after=True)


def test_a_draft_save_keeps_the_cache(client, site):
    client.get("/partners/")
    site.org_b.title = "A draft title"
    site.org_b.save_revision()
    assert client.get("/partners/")[pagecache.CACHE_HEADER] == "hit"


# Models of the hub's own apps that no public page shows, or that only change inside a save
# that is watched already. Every other model must be watched.
NOT_SHOWN = {
    "events.Occurrence": "rewritten inside EventPage.save(), in its transaction",
    "events.ContactMessage": "the contact form's rate-limit count, never shown on a page",
    "hub.PlaceLookup": "the geocoder's answers: what a search finds is bounded by the lifetime",
    "partners.Section": "who may edit an organisation's pages",
    "partners.OfferChange": "an offer's history, written with the offer, shown in the admin",
    "needs.NeedChange": "a need's history, written with the need, shown to its organisation",
    "needs.Application": "a volunteer's application: personal, never on a public page",
    "hub.HousekeepingSchedule": "when the worker's housekeeping next runs",
    "needs.Suggested": "the log of suggestions shown to organisations, for fairness",
    "needs.Introduction": "two organisations put in touch, in the partner dashboard only",
    # The Volunteer Passport is personal: none of it is on a public page (its pages are
    # never cached, and tests/volunteering/test_privacy.py scans the public ones).
    **{
        f"volunteering.{name}": "a volunteer's passport: never on a public page"
        for name in (
            "Volunteer",
            "VolunteerTag",
            "Absence",
            "Credential",
            "Share",
            "AccessRecord",
            "ServiceRecord",
            "CheckVerifier",
        )
    },
    "neighbourday.Gathering": "registrations: what is public of them (the counts, the event "
    "page) starts a generation when it changes (counts.changing, the page's save)",
    "neighbourday.GatheringRequest": "links a gathering to the need it asked for, made with "
    "the need (watched by needs); shown to the organiser and the organisation only",
    "calendarimport.CalendarSource": "an organisation's feed address, shown in the admin only",
    "calendarimport.ImportedEvent": "which page a feed's event became; the pages are watched",
    "calendarimport.ImportRun": "the import's log, shown in the admin only",
    "hub.MailOptOut": "addresses that left an e-mail topic, never on a page",
    "reserve.CallOut": "a call-out, shown in the partner dashboard only (never cached)",
    "reserve.Ask": "who a call-out asked, shown as counts in the partner dashboard only",
}


def test_every_model_of_the_hubs_apps_is_watched_or_not_shown():
    ours = [
        model
        for model in apps.get_models()
        if Path(apps.get_app_config(model._meta.app_label).path).parent == BASE_DIR
    ]
    assert ours
    missing = [
        model._meta.label
        for model in ours
        if model not in invalidation.watched() and model._meta.label not in NOT_SHOWN
    ]
    assert missing == []
    assert settings.PAGE_CACHE_SECONDS > 0
