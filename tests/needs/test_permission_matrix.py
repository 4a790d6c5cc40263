"""The permission matrix of needs: who may see and do what with organisation A's needs.

Rows are the people (nobody signed in, a volunteer, a member of A, a member of B, a
moderator, an administrator); columns are every dashboard URL, admin view and action on A's
need, with guessed ids and forged POSTs. Each cell is checked twice: the HTTP answer, and
whether the action really took effect (or whether A's need is shown)."""

from dataclasses import dataclass

import pytest

from needs.choices import NeedStatus
from needs.models import Need
from tests import permissions
from tests.permissions import ADMIN_LOGIN, DASHBOARD_LOGIN, E403, E404, HIDDEN, LOGIN, OK
from volunteering.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "volunteer", "member_a", "member_b", "moderator", "admin"]


@dataclass
class Action(permissions.Action):
    login_url: str = DASHBOARD_LOGIN


def shows_a(site, response):
    return site.need_a.title in response.content.decode()


def need_a(site):
    return Need.objects.filter(pk=site.need_a.pk).first()


NEED_POST = {
    "kind": "volunteers",
    "title": "Changed title",
    "description": "Serving lunch.",
    "people_needed": "5",
    "postcode": "SN10 1AB",
    "timing": "flexible",
    "deadline": "2099-01-01",
    "status": "open",
    "checks-TOTAL_FORMS": "0",
    "checks-INITIAL_FORMS": "0",
    "checks-MIN_NUM_FORMS": "0",
    "checks-MAX_NUM_FORMS": "6",
}


def edited(site, response):
    need = need_a(site)
    return need is not None and need.title == "Changed title"


def added_for_a(site, response):
    return Need.objects.filter(organisation=site.org_a, title="Changed title").exists()


def status_is(status):
    return lambda site, response: need_a(site).status == status


MEMBERS = {
    "anonymous": LOGIN,
    "volunteer": E404,
    "member_a": OK,
    "member_b": E404,
    "moderator": OK,
    "admin": OK,
}
LISTS = {**MEMBERS, "volunteer": HIDDEN, "member_b": HIDDEN}
# A signed-in resident without access to the admin is sent to its sign-in page, as Wagtail does.
ADMIN_VIEWS = {**MEMBERS, "volunteer": LOGIN}

ACTIONS = {
    "dashboard: list needs": Action(
        lambda c, s: c.get("/dashboard/needs/?show=all"), shows_a, LISTS
    ),
    "dashboard: view a need": Action(
        lambda c, s: c.get(f"/dashboard/needs/{s.need_a.pk}/"), shows_a, MEMBERS
    ),
    "dashboard: open the edit form": Action(
        lambda c, s: c.get(f"/dashboard/needs/{s.need_a.pk}/edit/"), shows_a, MEMBERS
    ),
    "dashboard: post a need for A (forged by B)": Action(
        lambda c, s: c.post("/dashboard/needs/new/", dict(NEED_POST, organisation=s.org_a.pk)),
        added_for_a,
        {**MEMBERS, "volunteer": E403, "member_b": E403},
    ),
    "dashboard: edit a need": Action(
        lambda c, s: c.post(f"/dashboard/needs/{s.need_a.pk}/edit/", NEED_POST),
        edited,
        MEMBERS,
    ),
    "dashboard: close a need": Action(
        lambda c, s: c.post(f"/dashboard/needs/{s.need_a.pk}/close/"),
        status_is(NeedStatus.CLOSED),
        MEMBERS,
    ),
    "dashboard: mark a need filled": Action(
        lambda c, s: c.post(f"/dashboard/needs/{s.need_a.pk}/fill/"),
        status_is(NeedStatus.FILLED),
        MEMBERS,
    ),
    "dashboard: delete a need": Action(
        lambda c, s: c.post(f"/dashboard/needs/{s.need_a.pk}/delete/"),
        lambda s, r: need_a(s) is None,
        {**MEMBERS, "member_a": E403},
    ),
    "dashboard: a guessed id": Action(
        lambda c, s: c.get(f"/dashboard/needs/{s.need_a.pk + 1000}/"),
        lambda s, r: r.status_code == 200,
        {**MEMBERS, "member_a": E404, "moderator": E404, "admin": E404},
    ),
    "admin: list needs": Action(
        lambda c, s: c.get("/admin/needs/"),
        shows_a,
        {**ADMIN_VIEWS, "member_b": HIDDEN},
        ADMIN_LOGIN,
    ),
    "admin: inspect a need": Action(
        lambda c, s: c.get(f"/admin/needs/inspect/{s.need_a.pk}/"),
        shows_a,
        ADMIN_VIEWS,
        ADMIN_LOGIN,
    ),
    "admin: need history": Action(
        lambda c, s: c.get(f"/admin/needs/history/{s.need_a.pk}/"),
        shows_a,
        ADMIN_VIEWS,
        ADMIN_LOGIN,
    ),
    "admin: add a need for A": Action(
        lambda c, s: c.post("/admin/needs/new/", dict(NEED_POST, organisation=s.org_a.pk)),
        added_for_a,
        # B's form refuses the organisation like any invalid choice: 200 with the error.
        {**ADMIN_VIEWS, "member_b": HIDDEN},
        ADMIN_LOGIN,
    ),
    "admin: edit a need": Action(
        lambda c, s: c.post(
            f"/admin/needs/edit/{s.need_a.pk}/", dict(NEED_POST, organisation=s.org_a.pk)
        ),
        edited,
        ADMIN_VIEWS,
        ADMIN_LOGIN,
    ),
    "admin: delete a need": Action(
        lambda c, s: c.post(f"/admin/needs/delete/{s.need_a.pk}/"),
        lambda s, r: need_a(s) is None,
        {**ADMIN_VIEWS, "member_a": E403},
        ADMIN_LOGIN,
    ),
    "public: the need's page": Action(
        lambda c, s: c.get(f"/volunteer/opportunities/{s.need_a.uuid}/"),
        shows_a,
        dict.fromkeys(ROLES, OK),
    ),
}


@pytest.fixture
def matrix_site(site):
    site.volunteer = VolunteerFactory().user
    return site


@permissions.every_cell(ACTIONS, ROLES)
def test_permission_matrix(client, matrix_site, action_name, role):
    action = ACTIONS[action_name]
    # A HIDDEN cell answers 200, or 400 where the request is refused.
    problem = permissions.check_cell(client, matrix_site, action, role, hidden=(200, 400))
    assert not problem, problem


def test_every_cell_is_in_the_matrix():
    assert not permissions.incomplete_columns(ACTIONS, ROLES)
