"""The permission matrix of the application flow.

Rows are the people of the passport's matrix (tests/volunteering/test_permission_matrix.py):
nobody signed in, volunteer A (Priya, whose application to organisation A's need every
column aims at), volunteer B (Tom), a member of organisation A, a member of organisation B,
a moderator and an administrator. Columns are every application URL and action, the
organisation's with A's application id guessed or posted by anyone. Each cell is checked
twice: the HTTP answer, and whether it took effect on A's application (or showed it).
"""

import pytest
from django.test import Client

from needs import flow
from needs.choices import ApplicationStatus
from needs.models import Application
from tests import permissions
from tests.permissions import DASHBOARD_LOGIN, E404, HIDDEN, LOGIN, OK, START, Action
from tests.volunteering.test_permission_matrix import HIDDEN_ANSWERS, ROLES

from .flow_site import flow_site_fixture, in_the_past, mail_at_once_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_at_once")]
Status = ApplicationStatus

# The volunteer's own pages: people without a passport are sent to start one.
OWN = {
    "anonymous": LOGIN,
    "volunteer_a": OK,
    "volunteer_b": E404,
    "member_a": START,
    "member_b": START,
    "moderator": START,
    "admin": START,
}
# The organisation's pages: its members, moderators and administrators.
ORGANISATION_A = {
    "anonymous": LOGIN,
    "volunteer_a": E404,
    "volunteer_b": E404,
    "member_a": OK,
    "member_b": E404,
    "moderator": OK,
    "admin": OK,
}


def status_of_a(site):
    return Application.objects.get(pk=site.application.pk).status


def becomes(status):
    return lambda s, r: status_of_a(s) == status


def shows(text):
    return lambda s, r: r.status_code == 200 and text in r.content.decode()


def dashboard(action, data=None):
    return lambda c, s: c.post(f"/dashboard/applications/{s.application.pk}/{action}/", data)


# (the step A's application is at before the column runs, the action)
ACTIONS = {
    "apply": (
        None,
        Action(
            lambda c, s: c.post(f"/volunteer/opportunities/{s.need.uuid}/apply/", {"message": ""}),
            lambda s, r: Application.objects.filter(need=s.need, volunteer=s.priya).exists(),
            {**OWN, "volunteer_b": HIDDEN},  # Tom applies for himself, not for Priya
        ),
    ),
    "list my applications": (
        Status.APPLIED,
        Action(
            lambda c, s: c.get("/volunteer/applications/"),
            shows("Lunch club helpers"),
            {**OWN, "volunteer_b": HIDDEN},
        ),
    ),
    "open my application": (
        Status.APPLIED,
        Action(
            lambda c, s: c.get(f"/volunteer/applications/{s.application.pk}/"),
            shows("Lunch club helpers"),
            OWN,
        ),
    ),
    "confirm my place": (
        Status.ACCEPTED,
        Action(
            lambda c, s: c.post(f"/volunteer/applications/{s.application.pk}/confirm/"),
            becomes(Status.CONFIRMED),
            OWN,
        ),
    ),
    "withdraw (volunteer)": (
        Status.ACCEPTED,
        Action(
            lambda c, s: c.post(
                f"/volunteer/applications/{s.application.pk}/withdraw/", {"reason": "Ill"}
            ),
            becomes(Status.WITHDRAWN),
            OWN,
        ),
    ),
    "organisation: list applications": (
        Status.APPLIED,
        Action(
            lambda c, s: c.get("/dashboard/applications/?show=all"),
            shows("Priya"),
            {**ORGANISATION_A, **dict.fromkeys(["volunteer_a", "volunteer_b", "member_b"], HIDDEN)},
            DASHBOARD_LOGIN,
        ),
    ),
    "organisation: open an application": (
        Status.APPLIED,
        Action(
            lambda c, s: c.get(f"/dashboard/applications/{s.application.pk}/"),
            shows("Priya"),
            ORGANISATION_A,
            DASHBOARD_LOGIN,
        ),
    ),
    "organisation: accept": (
        Status.APPLIED,
        Action(dashboard("accept"), becomes(Status.ACCEPTED), ORGANISATION_A, DASHBOARD_LOGIN),
    ),
    "organisation: decline": (
        Status.APPLIED,
        Action(
            dashboard("decline", {"decline-reason": "Full"}),
            becomes(Status.DECLINED),
            ORGANISATION_A,
            DASHBOARD_LOGIN,
        ),
    ),
    "organisation: withdraw": (
        Status.CONFIRMED,
        Action(
            dashboard("withdraw", {"withdraw-reason": "Cancelled"}),
            becomes(Status.WITHDRAWN),
            ORGANISATION_A,
            DASHBOARD_LOGIN,
        ),
    ),
    "organisation: attendance and hours": (
        Status.CONFIRMED,
        Action(
            dashboard("attendance", {"attended": "yes", "hours": "3"}),
            becomes(Status.COMPLETED),
            ORGANISATION_A,
            DASHBOARD_LOGIN,
        ),
    ),
    "organisation: invite": (
        None,
        Action(
            lambda c, s: c.post(
                f"/volunteer/opportunities/{s.need.uuid}/invite/", {"volunteer": s.priya.pk}
            ),
            lambda s, r: Application.objects.filter(need=s.need, volunteer=s.priya).exists(),
            ORGANISATION_A,
            DASHBOARD_LOGIN,
        ),
    ),
}


def bring_to(site, status):
    """Priya's application to organisation A's need, at ``status``."""
    if status is None:
        return
    application = flow.apply(site.need, site.priya, "I can help")
    if status != Status.APPLIED:
        flow.accept(application, site.member_a)
    if status == Status.CONFIRMED:
        flow.confirm(application)
    site.application = application


@pytest.mark.parametrize("action_name", list(ACTIONS))
def test_permission_matrix(client, flow_site, action_name):
    site = flow_site
    site.volunteer_a_user, site.volunteer_b_user = site.priya.user, site.tom.user
    status, action = ACTIONS[action_name]
    bring_to(site, status)
    if action_name == "organisation: attendance and hours":
        in_the_past(site.need)
    failures = permissions.check_column(client, site, action, ROLES, HIDDEN_ANSWERS)
    assert not failures, f"{action_name}:\n" + "\n".join(failures)


def test_a_post_without_the_csrf_token_is_refused(flow_site):
    site = flow_site
    bring_to(site, Status.APPLIED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.member_a)
    response = client.post(f"/dashboard/applications/{site.application.pk}/accept/")
    assert response.status_code == 403
    assert status_of_a(site) == Status.APPLIED
