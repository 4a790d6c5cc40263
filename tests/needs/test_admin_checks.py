"""The checks a need requires, set from the Wagtail admin's needs (``/admin/needs/``): the
same formset, validation and history as the partner dashboard's form."""

import pytest

from needs.models import Need, NeedChange, NeedCheck

from .test_dashboard import NEED, edit_data

pytestmark = pytest.mark.django_db


def admin_data(site, **changes):
    return {**NEED, "organisation": str(site.org_a.pk), "status": "open", **changes}


@pytest.mark.parametrize("role", ["member_a", "moderator"])
def test_adding_a_need_in_the_admin_sets_its_checks_and_records_them(client, site, role):
    client.force_login(getattr(site, role))
    response = client.post("/admin/needs/new/", admin_data(site))
    assert response.status_code == 302
    need = Need.objects.get(title="Saturday breakfast club")
    [requirement] = need.required_checks.all()
    assert str(requirement) == "DBS enhanced check, children's workforce, verified"
    [posting] = need.changes.all()
    assert posting.action == NeedChange.Action.CREATED
    assert posting.user == getattr(site, role)
    assert posting.changes["required_checks"] == [None, str(requirement)]


def test_the_admin_form_shows_the_checks_of_a_need(client, site):
    client.force_login(site.member_a)
    page = client.get(f"/admin/needs/edit/{site.need_a.pk}/").content.decode()
    assert 'name="checks-TOTAL_FORMS"' in page
    assert 'name="checks-0-kind"' in page
    assert '<option value="food_hygiene" selected>' in page


@pytest.mark.parametrize("role", ["member_a", "moderator"])
def test_editing_a_need_in_the_admin_changes_its_checks_in_its_history(client, site, role):
    need = site.need_a
    data = edit_data(need, **{"organisation": str(site.org_a.pk), "checks-0-DELETE": "on"})
    data["checks-1-kind"] = "first_aid"
    client.force_login(getattr(site, role))
    response = client.post(f"/admin/needs/edit/{need.pk}/", data)
    assert response.status_code == 302
    assert [check.kind for check in need.required_checks.all()] == ["first_aid"]
    change = need.changes.filter(changes__has_key="required_checks").get()
    assert change.user == getattr(site, role)
    assert change.changes["required_checks"] == [
        "Food hygiene certificate",
        "First aid certificate",
    ]
    history = client.get(f"/admin/needs/inspect/{need.pk}/").content.decode()
    assert "Checks required" in history


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"checks-0-kind": "dbs_platinum"}, "Select a valid choice. dbs_platinum"),
        ({"checks-1-kind": "dbs_enhanced"}, "Please correct the duplicate"),
    ],
)
def test_a_wrong_check_is_refused_in_the_admin_keeping_what_was_typed(
    client, site, changes, message
):
    client.force_login(site.member_a)
    data = admin_data(site, **changes)
    response = client.post("/admin/needs/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Saturday breakfast club"' in page
    assert 'value="Two Saturdays a month"' in page
    assert not Need.objects.filter(title="Saturday breakfast club").exists()


def test_a_wrong_check_on_an_edit_changes_nothing(client, site):
    need = site.need_a
    before = list(NeedChange.objects.filter(need=need))
    data = edit_data(need, **{"organisation": str(site.org_a.pk), "title": "New title"})
    data["checks-1-kind"] = "dbs_platinum"
    client.force_login(site.member_a)
    response = client.post(f"/admin/needs/edit/{need.pk}/", data)
    assert response.status_code == 200
    assert "Select a valid choice. dbs_platinum" in response.content.decode()
    need.refresh_from_db()
    assert need.title == "Lunch club helpers"
    assert [check.kind for check in need.required_checks.all()] == ["food_hygiene"]
    assert list(NeedChange.objects.filter(need=need)) == before


def test_a_member_of_b_cannot_touch_the_checks_of_a(client, site):
    need = site.need_a
    data = edit_data(need, **{"organisation": str(site.org_a.pk), "checks-0-DELETE": "on"})
    client.force_login(site.member_b)
    assert client.get(f"/admin/needs/edit/{need.pk}/").status_code == 404
    assert client.post(f"/admin/needs/edit/{need.pk}/", data).status_code == 404
    assert [check.kind for check in need.required_checks.all()] == ["food_hygiene"]


@pytest.mark.parametrize("forged", [{"checks-0-DELETE": "on"}, {"checks-0-kind": "first_aid"}])
def test_a_forged_check_id_of_another_need_changes_nothing(client, site, forged):
    other = NeedCheck.objects.create(need=site.need_b, kind="driving")
    need = site.need_a
    data = edit_data(need, **{"organisation": str(site.org_a.pk), **forged})
    data["checks-0-id"] = str(other.pk)
    client.force_login(site.member_a)
    client.post(f"/admin/needs/edit/{need.pk}/", data)
    assert NeedCheck.objects.filter(pk=other.pk, need=site.need_b, kind="driving").exists()
    assert [check.kind for check in need.required_checks.all()] == ["food_hygiene"]


def test_the_admin_marks_no_check_row_as_required(client, site):
    """A need may require no check at all: an empty row is skipped, so none is marked "*"."""
    client.force_login(site.member_a)
    page = client.get("/admin/needs/new/").content.decode()
    checks = page[page.index('name="checks-TOTAL_FORMS"') : page.index('name="checks-1-DELETE"')]
    assert 'name="checks-0-kind"' in checks
    assert "w-required-mark" not in checks


@pytest.mark.parametrize(
    "row", [{"checks-0-workforce": "children"}, {"checks-0-must_be_verified": "on"}]
)
def test_a_row_without_its_check_is_refused_with_what_to_do(client, site, row):
    client.force_login(site.member_a)
    data = {**admin_data(site), "checks-0-kind": "", **row}
    response = client.post("/admin/needs/new/", data)
    assert response.status_code == 200
    assert "Choose which check, or clear this row." in response.content.decode()
    assert not Need.objects.filter(title="Saturday breakfast club").exists()


def test_clearing_the_check_of_a_row_kept_asks_what_to_do(client, site):
    need = site.need_a
    data = edit_data(need, **{"organisation": str(site.org_a.pk), "checks-0-kind": ""})
    client.force_login(site.member_a)
    response = client.post(f"/admin/needs/edit/{need.pk}/", data)
    assert response.status_code == 200
    assert "Choose which check, or clear this row." in response.content.decode()
    assert [check.kind for check in need.required_checks.all()] == ["food_hygiene"]
