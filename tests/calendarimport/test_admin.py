"""'Import our existing calendar' in the admin: members for their own organisation only,
moderators for every one; the runs are shown; an event can be detached from the import."""

import pytest

from calendarimport.models import CalendarSource, ImportedEvent, ImportRun
from events.factories import EventPageFactory
from tests.partners.conftest import build_partner_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(tree):
    return build_partner_site(tree)


def form(site, url="https://calendar.example.org/feed.ics", organisation=None):
    return {
        "organisation": (organisation or site.org_a).pk,
        "url": url,
        "category": "faith-and-community",
        "publish_directly": "on",
        "active": "on",
    }


def test_a_member_adds_their_calendar(client, site, settings, django_capture_on_commit_callbacks):
    settings.CALENDAR_IMPORT_ALLOW_LOOPBACK = False
    client.force_login(site.member_a)
    page = client.get("/admin/calendar_imports/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "St Mary&#x27;s Church" in html and "Devizes Mosque" not in html
    refused = client.post("/admin/calendar_imports/new/", form(site, url="http://x.example/f.ics"))
    assert refused.status_code == 200 and "https address" in refused.content.decode()
    other = client.post("/admin/calendar_imports/new/", form(site, organisation=site.org_b))
    assert other.status_code == 200 and not CalendarSource.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        added = client.post("/admin/calendar_imports/new/", form(site))
    assert added.status_code == 302
    assert CalendarSource.objects.get().organisation_id == site.org_a.pk
    assert len(queued) == 1  # the first import is queued at once


def test_members_see_only_their_own(client, site):
    mine = CalendarSource.objects.create(organisation=site.org_a, url="https://a.example/f.ics")
    theirs = CalendarSource.objects.create(organisation=site.org_b, url="https://b.example/f.ics")
    ImportRun.objects.create(
        organisation=site.org_a, outcome="failed", log="The server answered HTTP 500."
    )
    client.force_login(site.member_a)
    listing = client.get("/admin/calendar_imports/").content.decode()
    assert "a.example" in listing and "b.example" not in listing
    assert client.get(f"/admin/calendar_imports/edit/{theirs.pk}/").status_code == 404
    inspect = client.get(f"/admin/calendar_imports/inspect/{mine.pk}/")
    assert "The server answered HTTP 500." in inspect.content.decode()
    client.force_login(site.moderator)
    listing = client.get("/admin/calendar_imports/").content.decode()
    assert "a.example" in listing and "b.example" in listing


def test_an_editor_detaches_an_event(client, site):
    event = EventPageFactory(parent=site.org_a, title="Imported supper")
    item = ImportedEvent.objects.create(
        organisation=site.org_a, uid="supper@example.org", event=event, fingerprint="x"
    )
    client.force_login(site.member_a)
    listing = client.get("/admin/imported_events/").content.decode()
    assert "Imported supper" in listing
    response = client.post(f"/admin/imported_events/edit/{item.pk}/", {"detached": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.detached
    client.force_login(site.member_b)
    assert client.get(f"/admin/imported_events/edit/{item.pk}/").status_code == 404
