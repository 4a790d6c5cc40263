"""Posting and changing needs in the partner dashboard: what is typed is kept when something
is wrong, every change is in the history, closing is a status, emergencies are for
moderators and verified organisations."""

import pytest

from needs.choices import NeedStatus
from needs.models import Need, NeedChange

from .conftest import in_days

pytestmark = pytest.mark.django_db

NEED = {
    "kind": "volunteers",
    "title": "Saturday breakfast club",
    "description": "Cooking and serving breakfast for families.",
    "people_needed": "4",
    "skills": ["cooking"],
    "wanted_skills": ["first_aid", "befriending"],
    "postcode": "sn10 1ab",
    "timing": "weekly",
    "starts_on": in_days(3).isoformat(),
    "start_time": "08:30",
    "end_time": "11:00",
    "repeat_until": in_days(60).isoformat(),
    "min_commitment": "Two Saturdays a month",
    "step_free": "on",
    "checks-TOTAL_FORMS": "2",
    "checks-INITIAL_FORMS": "0",
    "checks-MIN_NUM_FORMS": "0",
    "checks-MAX_NUM_FORMS": "6",
    "checks-0-kind": "dbs_enhanced",
    "checks-0-workforce": "children",
    "checks-0-must_be_verified": "on",
    "checks-1-kind": "",
    "checks-1-workforce": "",
}


def edit_data(need, **changes):
    """The edit form's data for ``need`` as it is, with ``changes``."""
    checks = list(need.required_checks.all())
    data = {
        **NEED,
        "title": need.title,
        "status": need.status,
        "checks-TOTAL_FORMS": str(len(checks) + 1),
        "checks-INITIAL_FORMS": str(len(checks)),
        "checks-1-kind": "",
        "checks-1-workforce": "",
    }
    for index, requirement in enumerate(checks):
        data[f"checks-{index}-id"] = str(requirement.pk)
        data[f"checks-{index}-kind"] = requirement.kind
        data[f"checks-{index}-workforce"] = requirement.workforce
        if requirement.must_be_verified:
            data[f"checks-{index}-must_be_verified"] = "on"
        else:
            data.pop(f"checks-{index}-must_be_verified", None)
    data.update(changes)
    return data


def test_a_member_posts_a_need_with_its_skills_checks_and_series(client, site):
    client.force_login(site.member_a)
    response = client.post("/dashboard/needs/new/", NEED)
    assert response.status_code == 302
    need = Need.objects.get(title="Saturday breakfast club")
    assert response["Location"] == f"/dashboard/needs/{need.pk}/"
    assert need.organisation == site.org_a
    assert need.postcode == "SN10 1AB"
    assert need.cooking and not need.driving
    assert need.wanted_skills == ["first_aid", "befriending"]
    assert need.step_free
    assert len(need.dates()) >= 8
    assert need.created_by == site.member_a
    [requirement] = need.required_checks.all()
    assert str(requirement) == "DBS enhanced check, children's workforce, verified"
    [posting] = need.changes.all()
    assert posting.action == NeedChange.Action.CREATED
    assert posting.changes["required_checks"] == [None, str(requirement)]
    page = client.get(response["Location"]).content.decode()
    assert "Posted the need" in page
    assert "Every Saturday" in page or "Every " in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "07:00"}, "It ends before it starts"),
        ({"repeat_until": in_days(1).isoformat()}, "The series ends before it starts"),
        ({"people_needed": "0"}, "Give a number of people from 1 to 500"),
        ({"people_needed": "10000"}, "Give a number of people from 1 to 500"),
        ({"checks-0-kind": "dbs_platinum"}, "Select a valid choice"),
        ({"postcode": "ZZ99 9ZZ"}, "ZZ99"),
        ({"postcode": ""}, "or tick"),
        ({"description": "x" * 50_000}, "Keep the description to 2000 characters"),
        ({"timing": "flexible", "deadline": ""}, "Give the date by which"),
        ({"emergency": "on"}, "Only moderators and verified organisations"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_keeping_what_was_typed(
    client, site, changes, message
):
    client.force_login(site.member_a)
    response = client.post("/dashboard/needs/new/", {**NEED, **changes})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Saturday breakfast club"' in page
    assert ({**NEED, **changes}["description"][:100]) in page
    assert not Need.objects.filter(title="Saturday breakfast club").exists()


def test_a_verified_organisation_and_a_moderator_may_post_an_emergency(client, site):
    client.force_login(site.moderator)
    data = {**NEED, "emergency": "on", "organisation": str(site.org_b.pk)}
    assert client.post("/dashboard/needs/new/", data).status_code == 302
    assert Need.objects.get(title=NEED["title"]).emergency
    site.org_a.verified = True
    site.org_a.save()
    client.force_login(site.member_a)
    data = {**NEED, "emergency": "on", "title": "Flood clean-up"}
    assert client.post("/dashboard/needs/new/", data).status_code == 302
    assert Need.objects.get(title="Flood clean-up").emergency


def test_an_unverified_member_keeps_an_emergency_a_moderator_set_when_editing(client, site):
    site.need_a.emergency = True
    site.need_a.save()
    client.force_login(site.member_a)
    data = edit_data(site.need_a, emergency="on", people_needed="6")
    response = client.post(f"/dashboard/needs/{site.need_a.pk}/edit/", data)
    assert response.status_code == 302
    site.need_a.refresh_from_db()
    assert site.need_a.emergency and site.need_a.people_needed == 6


def test_every_change_and_the_checks_are_in_the_history(client, site):
    client.force_login(site.member_a)
    need = site.need_a
    data = edit_data(need, people_needed="7", **{"checks-0-DELETE": "on"})
    data["checks-1-kind"] = "first_aid"
    response = client.post(f"/dashboard/needs/{need.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    edits = list(need.changes.filter(action=NeedChange.Action.EDITED).order_by("at", "pk"))
    described = [row for edit in edits for row in edit.described_changes()]
    assert ("How many people", "4", "7") in described
    assert ("Checks required", "Food hygiene certificate", "First aid certificate") in described
    page = client.get(f"/dashboard/needs/{need.pk}/").content.decode()
    assert "Checks required" in page
    assert "member-a" in page


def test_closing_is_a_status_kept_with_its_history_and_can_be_undone(client, site):
    client.force_login(site.member_a)
    need = site.need_a
    response = client.post(f"/dashboard/needs/{need.pk}/close/")
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    assert need.changes.first().action == NeedChange.Action.CLOSED
    link = f'href="/dashboard/needs/{need.pk}/"'
    assert link not in client.get("/dashboard/needs/").content.decode()
    assert link in client.get("/dashboard/needs/?show=closed").content.decode()
    client.post(f"/dashboard/needs/{need.pk}/reopen/")
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    client.post(f"/dashboard/needs/{need.pk}/fill/")
    need.refresh_from_db()
    assert need.status == NeedStatus.FILLED


def test_a_need_past_its_date_is_closed_by_itself_and_reopens_only_with_new_dates(client, site):
    need = site.need_a
    Need.objects.filter(pk=need.pk).update(starts_on=in_days(-2), last_day=in_days(-2))
    client.force_login(site.member_a)
    page = client.get(f"/dashboard/needs/{need.pk}/").content.decode()
    assert "status--closed" in page
    response = client.post(f"/dashboard/needs/{need.pk}/reopen/")
    assert response["Location"] == f"/dashboard/needs/{need.pk}/edit/"
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN  # stored: nothing written


def test_an_unknown_status_action_is_refused(client, site):
    client.force_login(site.member_a)
    assert client.post(f"/dashboard/needs/{site.need_a.pk}/explode/").status_code == 403


def test_the_dashboard_menu_links_to_the_needs(client, site):
    client.force_login(site.member_a)
    page = client.get("/dashboard/").content.decode()
    assert 'href="/dashboard/needs/"' in page
    assert 'href="/dashboard/needs/new/"' in page
