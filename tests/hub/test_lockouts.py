"""Moderators see who is locked out of signing in, and lift a lockout; nobody else can, and
nobody writes a lockout record by hand."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client

from tests.partners.conftest import MODERATORS, PASSWORD, add_editor, make_user

from .test_logins import ATTACKER, dashboard_login, fail, locked, signed_in

pytestmark = pytest.mark.django_db

LOCKOUTS = "/admin/lockouts/"


@pytest.fixture
def people(tree):
    editor = make_user("editor", is_staff=True)
    add_editor(tree.organisation, editor)
    moderator = make_user("moderator")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    admin = make_user("admin", is_staff=True, is_superuser=True)
    return editor, moderator, admin


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_moderator_sees_the_lockout_and_lifts_it(people):
    editor, moderator, _admin = people
    attacked = Client(REMOTE_ADDR=ATTACKER)
    assert locked(fail(attacked, dashboard_login, "editor"))
    assert locked(dashboard_login(attacked, "editor", PASSWORD))

    listing = client_for(moderator).get(LOCKOUTS)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "editor" in page and ATTACKER in page
    assert "Locked until" in page
    [attempt] = AccessAttempt.objects.all()
    assert f"{LOCKOUTS}delete/{attempt.pk}/" in page

    lifted = client_for(moderator).post(f"{LOCKOUTS}delete/{attempt.pk}/")
    assert lifted.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert signed_in(dashboard_login(attacked, "editor", PASSWORD))


def test_nobody_adds_or_edits_a_lockout_record(people):
    editor, moderator, admin = people
    fail(Client(REMOTE_ADDR=ATTACKER), dashboard_login, "editor", times=2)
    [attempt] = AccessAttempt.objects.all()
    for user in (moderator, admin):
        client = client_for(user)
        page = client.get(LOCKOUTS).content.decode()
        assert f"{LOCKOUTS}new/" not in page
        assert f"{LOCKOUTS}edit/{attempt.pk}/" not in page
        for url in (f"{LOCKOUTS}new/", f"{LOCKOUTS}edit/{attempt.pk}/"):
            assert client.get(url).status_code in (302, 403), (user, url)
            assert client.post(url, {"username": "x"}).status_code in (302, 403), (user, url)
    [unchanged] = AccessAttempt.objects.all()
    assert (unchanged.username, unchanged.failures_since_start) == ("editor", 2)


def test_an_editor_cannot_see_or_lift_lockouts(people):
    editor, _moderator, _admin = people
    fail(Client(REMOTE_ADDR=ATTACKER), dashboard_login, "editor", times=2)
    [attempt] = AccessAttempt.objects.all()
    client = client_for(editor)
    for response in (
        client.get(LOCKOUTS),
        client.post(f"{LOCKOUTS}delete/{attempt.pk}/"),
    ):
        assert response.status_code in (302, 403)
        assert ATTACKER not in response.content.decode()
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
