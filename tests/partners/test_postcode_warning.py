"""An unknown postcode is caught before moderation: the editor sees it next to the field at
once and confirms it to submit; the moderator sees it in the review screen and the dashboard;
an event without a place is flagged in the admin listing."""

import re

import pytest
from django.urls import reverse

from events.models import EventPage
from tests.events.test_admin import event_form

pytestmark = pytest.mark.django_db

UNKNOWN = "SN10 9ZZ"  # well formed, not in the postcode data


def add_url(site):
    return f"/admin/pages/add/events/eventpage/{site.org_a.pk}/"


def postcode_panel(html):
    """The postcode field's wrapper: its errors, its help and the input."""
    start = html.index('data-contentpath="postcode"')
    return html[start : html.index('name="postcode"', start)]


@pytest.fixture
def draft(client, site):
    client.force_login(site.member_a)
    response = client.post(add_url(site), event_form(postcode=UNKNOWN.lower()))
    assert response.status_code == 302
    return EventPage.objects.get(slug="quiz-night")


def test_saving_a_draft_shows_the_warning_next_to_the_field(client, site, draft):
    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    panel = postcode_panel(html)
    assert f"find the postcode {UNKNOWN}" in panel.replace("&#x27;", "'")
    assert 'name="postcode_confirmed"' in html


def test_a_known_postcode_has_no_warning(client, site):
    client.force_login(site.member_a)
    client.post(add_url(site), event_form(postcode="SN10 1AB"))
    event = EventPage.objects.get(slug="quiz-night")
    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert "find the postcode" not in html
    assert 'name="postcode_confirmed"' not in html


def test_submitting_for_moderation_asks_the_editor_to_confirm(client, site, draft):
    submit = {"action-submit": "Submit for moderation"}
    response = client.post(f"/admin/pages/{draft.pk}/edit/", event_form(postcode=UNKNOWN, **submit))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "tick the box to submit it as it is" in postcode_panel(html)
    draft.refresh_from_db()
    assert not draft.workflow_in_progress
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        event_form(postcode=UNKNOWN, postcode_confirmed="on", **submit),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.workflow_in_progress


def test_a_typo_fixed_before_moderation_goes_straight_through(client, site, draft):
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        event_form(postcode="SN10 1AB", **{"action-submit": "Submit for moderation"}),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.workflow_in_progress


def test_the_moderator_sees_the_warning_in_review_and_on_the_dashboard(client, site, draft):
    client.post(
        f"/admin/pages/{draft.pk}/edit/",
        event_form(
            postcode=UNKNOWN,
            postcode_confirmed="on",
            **{"action-submit": "Submit for moderation"},
        ),
    )
    draft.refresh_from_db()
    client.force_login(site.moderator)
    dashboard = client.get("/admin/").content.decode().replace("&#x27;", "'")
    match = re.search(r'id="postcode-problems-section".*?</section>', dashboard, re.S)
    assert match, "no postcode problems panel"
    assert "Quiz night" in match.group(0) and f"find the postcode {UNKNOWN}" in match.group(0)
    task_state = draft.current_workflow_task_state
    preview = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=[draft.pk, task_state.task_id])
    )
    assert preview.status_code == 200
    assert f"find the postcode {UNKNOWN}" in preview.content.decode().replace("&#x27;", "'")


def test_an_event_without_a_place_is_flagged_in_the_admin_listing(client, site, draft):
    client.force_login(site.moderator)
    html = client.get(f"/admin/pages/{site.org_a.pk}/").content.decode()
    assert "Quiz night (not on the map)" in html


def test_an_editor_fixing_a_page_in_moderation_is_told_how_to_withdraw_it(client, site, draft):
    submit = {"action-submit": "Submit for moderation"}
    client.post(f"/admin/pages/{draft.pk}/edit/", event_form(postcode="SN10 1AB", **submit))
    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode().replace("&#x27;", "'")
    assert "waiting for a moderator" in html
    assert "choose Cancel workflow under More actions: it comes back to you" in html
    # Doing as it says withdraws the page: it is the editor's draft again, to fix and resubmit.
    cancel = {"action-cancel-workflow": "Cancel workflow"}
    client.post(f"/admin/pages/{draft.pk}/edit/", event_form(postcode="SN10 1AB", **cancel))
    draft.refresh_from_db()
    assert not draft.workflow_in_progress
    response = client.post(f"/admin/pages/{draft.pk}/edit/", event_form(postcode="SN10 1BT"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.get_latest_revision_as_object().postcode == "SN10 1BT"
    client.post(f"/admin/pages/{draft.pk}/edit/", event_form(postcode="SN10 1BT", **submit))
    draft.refresh_from_db()
    assert draft.workflow_in_progress
    # A moderator, who reviews it, is not told this.
    client.force_login(site.moderator)
    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "waiting for a moderator" not in html
