"""The permission matrix of the Volunteer Passport.

Rows are the people: nobody signed in, volunteer A (whose passport every column aims at),
volunteer B, a member of organisation A (which A shared with), a member of organisation B,
a moderator and an administrator. Columns are every passport URL and action. Each cell
says what must happen, and is checked twice: the HTTP answer, and whether it took effect on
A's passport (or, for pages, whether A's private data is shown).

One test per column builds the people once; each row runs in a transaction rolled back
afterwards, so no row sees another's changes.
"""

import pytest

from tests import permissions
from tests.permissions import (
    ADMIN_LOGIN,
    DASHBOARD_LOGIN,
    E403,
    E404,
    HIDDEN,
    LOGIN,
    OK,
    START,
    Action,
)
from volunteering.models import AccessRecord, CheckVerifier, Credential, Share, Volunteer

from .conftest import CERTIFICATE

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "volunteer_a",
    "volunteer_b",
    "member_a",
    "member_b",
    "moderator",
    "admin",
]
# A HIDDEN cell answers 200, or acts on the person's own passport (a redirect), or refuses
# the request (400): A's passport is untouched and unseen.
HIDDEN_ANSWERS = (200, 302, 400)


def shows(text):
    return lambda s, r: text in r.content.decode()


def a_name_is(name):
    return lambda s, r: Volunteer.objects.get(pk=s.volunteer_a.pk).display_name == name


def check_a(site):
    return Credential.objects.filter(pk=site.check_a.pk).first()


OWN_PASSPORT = {
    "anonymous": LOGIN,
    "volunteer_a": OK,
    "volunteer_b": HIDDEN,
    "member_a": START,
    "member_b": START,
    "moderator": START,
    "admin": START,
}
A_ONLY = {**OWN_PASSPORT, "volunteer_b": E404}
ABOUT = {
    "display_name": "Changed",
    "postcode": "SN10 1AB",
    "travel_miles": "3",
    "about": "",
    "languages": "",
    "tags": "",
}
CHECK = {
    "kind": "first_aid",
    "issued_on": "2024-01-01",
    "expires_on": "2027-01-01",
    "number": "",
}
ORGANISATION_A_ONLY = {
    "anonymous": LOGIN,
    "volunteer_a": E404,
    "volunteer_b": E404,
    "member_a": OK,
    "member_b": E404,
    "moderator": E404,
    "admin": E404,
}
MODERATORS = {
    # Residents cannot use the admin at all: Wagtail sends them to its sign-in page.
    "anonymous": LOGIN,
    "volunteer_a": LOGIN,
    "volunteer_b": LOGIN,
    "member_a": E403,
    "member_b": E403,
    "moderator": OK,
    "admin": OK,
}


def decide(action):
    return lambda c, s: c.post(
        f"/dashboard/volunteers/{s.share_a.pk}/checks/{s.check_a.pk}/{action}/"
    )


ACTIONS = {
    "view the passport": Action(lambda c, s: c.get("/volunteer/"), shows("Priya"), OWN_PASSPORT),
    "edit about me": Action(
        lambda c, s: c.post("/volunteer/about/", ABOUT),
        a_name_is("Changed"),
        # Everyone signed in may write their own passport (and starts one by doing so).
        {**OWN_PASSPORT, **dict.fromkeys(["member_a", "member_b", "moderator", "admin"], HIDDEN)},
    ),
    "set availability": Action(
        lambda c, s: c.post("/volunteer/availability/", {"slots": ["mon_evening"]}),
        lambda s, r: Volunteer.objects.get(pk=s.volunteer_a.pk).availability == ["mon_evening"],
        OWN_PASSPORT,
    ),
    "remove a date away": Action(
        lambda c, s: c.post(f"/volunteer/availability/away/{s.absence_a.pk}/delete/"),
        lambda s, r: not s.volunteer_a.absences.exists(),
        A_ONLY,
    ),
    "add a check": Action(
        lambda c, s: c.post("/volunteer/checks/add/", CHECK),
        lambda s, r: s.volunteer_a.credentials.filter(kind="first_aid").exists(),
        OWN_PASSPORT,
    ),
    "remove a check": Action(
        lambda c, s: c.post(f"/volunteer/checks/{s.check_a.pk}/delete/"),
        lambda s, r: check_a(s) is None,
        A_ONLY,
    ),
    "join the reserve": Action(
        lambda c, s: c.post("/volunteer/reserve/", {"reserve": "yes"}),
        lambda s, r: Volunteer.objects.get(pk=s.volunteer_a.pk).reserve,
        OWN_PASSPORT,
    ),
    "see my record": Action(
        lambda c, s: c.get("/volunteer/record/"), shows("Lunch club driver"), OWN_PASSPORT
    ),
    "see sharing and the access list": Action(
        lambda c, s: c.get("/volunteer/sharing/"), shows("opened your passport"), OWN_PASSPORT
    ),
    "share with organisation B": Action(
        lambda c, s: c.post(
            "/volunteer/sharing/",
            {"organisation": s.org_b.pk, "role": "Driver", "include_checks": "on"},
        ),
        lambda s, r: Share.objects.filter(volunteer=s.volunteer_a, organisation=s.org_b).exists(),
        OWN_PASSPORT,
    ),
    "withdraw a share": Action(
        lambda c, s: c.post(f"/volunteer/sharing/{s.share_a.pk}/withdraw/"),
        lambda s, r: Share.objects.get(pk=s.share_a.pk).withdrawn_at is not None,
        A_ONLY,
    ),
    "export (JSON)": Action(
        lambda c, s: c.get("/volunteer/export.json"), shows(CERTIFICATE), OWN_PASSPORT
    ),
    "export (printable)": Action(
        lambda c, s: c.get("/volunteer/print/"), shows(CERTIFICATE), OWN_PASSPORT
    ),
    "delete the account": Action(
        lambda c, s: c.post("/volunteer/delete/", {"password": "correct horse battery staple"}),
        lambda s, r: not Volunteer.objects.filter(pk=s.volunteer_a.pk).exists(),
        # Anyone signed in may delete their own account (the partners' people have none
        # here: their password differs), never A's.
        {
            **OWN_PASSPORT,
            **dict.fromkeys(["member_a", "member_b", "moderator", "admin"], HIDDEN),
        },
    ),
    "organisation: list shared passports": Action(
        lambda c, s: c.get("/dashboard/volunteers/"),
        shows("Priya"),
        {**ORGANISATION_A_ONLY, **dict.fromkeys(ROLES[1:], HIDDEN), "member_a": OK},
        DASHBOARD_LOGIN,
    ),
    "organisation: open the passport": Action(
        lambda c, s: c.get(f"/dashboard/volunteers/{s.share_a.pk}/"),
        lambda s, r: (
            "Priya" in r.content.decode()
            and AccessRecord.objects.filter(volunteer=s.volunteer_a, viewer=s.member_a).exists()
        ),
        ORGANISATION_A_ONLY,
        DASHBOARD_LOGIN,
    ),
    "organisation: verify a check": Action(
        decide("verify"),
        lambda s, r: check_a(s).verified_organisation_id == s.org_a.pk,
        ORGANISATION_A_ONLY,
        DASHBOARD_LOGIN,
    ),
    "organisation: revoke a check": Action(
        decide("revoke"),
        lambda s, r: check_a(s).revoked_at is not None,
        ORGANISATION_A_ONLY,
        DASHBOARD_LOGIN,
    ),
    "organisation: take back a verification": Action(
        decide("unverify"),
        lambda s, r: check_a(s).verified_at is None,
        ORGANISATION_A_ONLY,
        DASHBOARD_LOGIN,
    ),
    "admin: list volunteers": Action(
        lambda c, s: c.get("/admin/volunteers/?district=SN10"),
        shows("Priya"),
        MODERATORS,
        ADMIN_LOGIN,
    ),
    "admin: open a passport": Action(
        lambda c, s: c.get(f"/admin/volunteers/inspect/{s.volunteer_a.pk}/"),
        lambda s, r: (
            "Priya" in r.content.decode()
            and AccessRecord.objects.filter(volunteer=s.volunteer_a, organisation=None).exists()
        ),
        MODERATORS,
        ADMIN_LOGIN,
    ),
    "admin: edit a passport": Action(
        lambda c, s: c.post(
            f"/admin/volunteers/edit/{s.volunteer_a.pk}/", {"display_name": "Changed"}
        ),
        a_name_is("Changed"),
        {**MODERATORS, "moderator": E403},  # nobody but an administrator changes a passport
        ADMIN_LOGIN,
    ),
    "admin: let organisation B verify checks": Action(
        lambda c, s: c.post(
            "/admin/check_verifiers/new/",
            {"organisation": s.org_b.pk, "may_verify_dbs_basic": "on"},
        ),
        lambda s, r: CheckVerifier.objects.filter(organisation=s.org_b).exists(),
        MODERATORS,
        ADMIN_LOGIN,
    ),
}


@pytest.mark.parametrize("action_name", list(ACTIONS))
def test_permission_matrix(client, passports, action_name):
    site = passports
    action = ACTIONS[action_name]
    site.check_a.verified_at = site.check_a.created_at
    site.check_a.verified_organisation = site.org_a
    if action_name != "organisation: take back a verification":
        site.check_a.verified_at = site.check_a.verified_organisation = None
    site.check_a.save()
    AccessRecord.objects.create(
        volunteer=site.volunteer_a,
        viewer=site.member_a,
        viewer_name="member-a",
        organisation=site.org_a,
    )
    failures = permissions.check_column(client, site, action, ROLES, HIDDEN_ANSWERS)
    assert not failures, f"{action_name}:\n" + "\n".join(failures)
