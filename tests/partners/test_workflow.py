"""Editors submit, moderators approve through a Wagtail workflow; the editor sees the outcome."""

import datetime

import pytest
from django.core import mail

from events.models import EventPage
from tests.events.test_admin import event_form

pytestmark = pytest.mark.django_db


def submit_event(client, site, title="Iftar for neighbours", slug="iftar"):
    client.force_login(site.member_a)
    response = client.post(
        f"/admin/pages/add/events/eventpage/{site.org_a.pk}/",
        event_form(
            title=title,
            slug=slug,
            # Inside the feeds' twelve-month window, so the feed can show it once approved.
            start_date=(datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            **{"action-submit": "Submit for moderation"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return EventPage.objects.get(slug=slug)


def test_an_editor_submits_an_event_and_a_moderator_approves_it(client, site):
    event = submit_event(client, site)
    assert not event.live
    assert event.workflow_in_progress
    assert event.get_parent().pk == site.org_a.pk
    assert client.get("/partners/st-marys-church/iftar/").status_code == 404
    assert "Iftar for neighbours" not in client.get("/events/").content.decode()
    assert "SUMMARY:Iftar for neighbours" not in client.get("/events/feed.ics").content.decode()
    assert "Iftar for neighbours" not in client.get(site.org_a.url).content.decode()

    # Asking to publish instead does not get past moderation: it is only saved.
    client.post(
        f"/admin/pages/{event.pk}/edit/",
        event_form(title="Iftar for neighbours", slug="iftar", **{"action-publish": "Publish"}),
    )
    event.refresh_from_db()
    assert not event.live

    dashboard = client.get("/dashboard/").content.decode()
    assert "Iftar for neighbours" in dashboard
    assert "Waiting for a moderator to approve it" in dashboard

    client.force_login(site.moderator)
    admin_home = client.get("/admin/").content.decode()
    assert "Iftar for neighbours" in admin_home  # in "Awaiting your review"
    task_state = event.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{event.pk}/approve/{task_state.pk}/",
        {"comment": "Lovely, thank you"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live
    assert not event.workflow_in_progress

    assert client.get("/partners/st-marys-church/iftar/").status_code == 200
    assert "Iftar for neighbours" in client.get("/events/").content.decode()
    assert "SUMMARY:Iftar for neighbours" in client.get("/events/feed.ics").content.decode()
    assert "Iftar for neighbours" in client.get(site.org_a.url).content.decode()

    client.force_login(site.member_a)
    dashboard = client.get("/dashboard/").content.decode()
    assert "Approved and live" in dashboard
    approvals = [m for m in mail.outbox if site.member_a.email in m.to and "approved" in m.subject]
    assert approvals, [m.subject for m in mail.outbox]


def test_an_editor_sees_the_changes_a_moderator_asks_for(client, site):
    event = submit_event(client, site)
    client.force_login(site.moderator)
    task_state = event.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{event.pk}/reject/{task_state.pk}/",
        {"comment": "Please add the time it finishes"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert not event.live

    client.force_login(site.member_a)
    dashboard = client.get("/dashboard/").content.decode()
    assert "A moderator asked for changes" in dashboard
    assert "Please add the time it finishes" in dashboard


def test_the_listing_shows_live_events_wherever_they_sit(client, site):
    from events.factories import EventPageFactory

    EventPageFactory(parent=site.org_a, title="Church fete")
    EventPageFactory(parent=site.org_b, title="Mosque open day")
    EventPageFactory(parent=site.events, title="Town litter pick")
    EventPageFactory(parent=site.org_b, title="Draft supper", live=False)
    html = client.get("/events/").content.decode()
    for title in ("Church fete", "Mosque open day", "Town litter pick"):
        assert title in html
    assert "Draft supper" not in html
