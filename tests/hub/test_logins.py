"""Sign-in lockout: on the dashboard and in the Wagtail admin alike, per username *and* address.

The matrix the production incident asked for: an attacker's failures lock out only their own
guesses at one username from their own address; nobody else, and not that user from anywhere
else. The records are in the database, so they hold whatever the cache does.
"""

import datetime

import pytest
from django.db.models import F
from django.test import Client

from tests.partners.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LIMIT = 5
ATTACKER = "198.51.100.9"
ELSEWHERE = "203.0.113.5"


def dashboard_login(client, username, password):
    return client.post("/dashboard/login/", {"username": username, "password": password})


def admin_login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


LOGINS = [dashboard_login, admin_login]


@pytest.fixture
def people(tree):
    return {name: make_user(name, is_staff=True) for name in ("editor", "visitor")}


def signed_in(response):
    return response.status_code == 302


def locked(response):
    return response.status_code == 429 and "Too many attempts" in response.content.decode()


def fail(client, login, username, times=LIMIT):
    for _attempt in range(times):
        response = login(client, username, "wrong")
    return response


def time_passes(minutes):
    """What the clock does to the records: every attempt happened ``minutes`` earlier."""
    from axes.models import AccessAttempt

    earlier = F("attempt_time") - datetime.timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=earlier)


@pytest.mark.parametrize("login", LOGINS)
def test_many_failures_from_one_address_do_not_lock_out_another_address(people, login):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for number in range(25):
        login(attacker, f"guess-{number}", "wrong")
    fail(attacker, login, "editor")
    assert signed_in(login(Client(REMOTE_ADDR=ELSEWHERE), "editor", PASSWORD))
    assert signed_in(login(Client(REMOTE_ADDR=ELSEWHERE), "visitor", PASSWORD))


@pytest.mark.parametrize("login", LOGINS)
def test_five_failures_lock_that_user_out_from_that_address_only(people, login):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _attempt in range(LIMIT - 1):
        response = login(attacker, "editor", "wrong")
        assert response.status_code == 200
        assert "Too many attempts" not in response.content.decode()
    response = login(attacker, "editor", "wrong")
    assert locked(response)
    # Even the right password is refused from there, for that username.
    refused = login(attacker, "editor", PASSWORD)
    assert locked(refused)
    assert "_auth_user_id" not in attacker.session
    # The same user from another address, and another user from the attacker's, sign in.
    assert signed_in(login(Client(REMOTE_ADDR=ELSEWHERE), "editor", PASSWORD))
    assert signed_in(login(Client(REMOTE_ADDR=ATTACKER), "visitor", PASSWORD))


def test_a_username_typed_differently_is_the_same_username(people):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for spelling in ["editor", "Editor", " EDITOR", "editoR", "eDitor"]:
        dashboard_login(attacker, spelling, "wrong")
    assert locked(dashboard_login(attacker, "editor", PASSWORD))


@pytest.mark.parametrize("login", LOGINS)
def test_the_lockout_page_says_when_to_try_again(people, login):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    response = fail(attacker, login, "editor")
    assert response["Retry-After"] == str(15 * 60)
    text = response.content.decode()
    assert "Too many attempts to sign in" in text
    assert "try again in 15 minutes" in text
    # A proper page: the sign-in form is still there, with the message as its error.
    assert 'name="password"' in text
    time_passes(10)
    response = login(attacker, "editor", PASSWORD)
    assert locked(response)
    assert "try again in 5 minutes" in response.content.decode()
    assert 4 * 60 < int(response["Retry-After"]) <= 5 * 60


@pytest.mark.parametrize("login", LOGINS)
def test_the_lockout_expires(people, login):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    fail(attacker, login, "editor")
    assert locked(login(attacker, "editor", PASSWORD))
    time_passes(16)
    assert signed_in(login(attacker, "editor", PASSWORD))


def test_refused_attempts_do_not_extend_the_lockout(people):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    fail(attacker, dashboard_login, "editor")
    time_passes(10)
    for _attempt in range(10):
        assert locked(dashboard_login(attacker, "editor", "wrong"))
    assert locked(dashboard_login(attacker, "editor", PASSWORD))
    time_passes(6)  # 16 minutes after the lockout began, 6 after the last refused attempt
    assert signed_in(dashboard_login(attacker, "editor", PASSWORD))


def test_a_successful_sign_in_clears_the_count(people):
    client = Client(REMOTE_ADDR=ATTACKER)
    fail(client, dashboard_login, "editor", LIMIT - 1)
    response = dashboard_login(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    client.logout()
    fail(client, dashboard_login, "editor", LIMIT - 1)
    assert signed_in(dashboard_login(client, "editor", PASSWORD))


@pytest.mark.parametrize("login", LOGINS)
def test_behind_a_proxy_the_address_comes_from_client_ip_header(people, login, settings):
    """Every request comes from the proxy; the visitor's address is in X-Forwarded-For."""
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = "10.0.0.1"

    def visitor(address):
        # A visitor may send their own X-Forwarded-For; the proxy appends what it saw.
        return Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {address}")

    from axes.models import AccessAttempt

    fail(visitor(ATTACKER), login, "editor")
    assert locked(login(visitor(ATTACKER), "editor", PASSWORD))
    assert signed_in(login(visitor(ELSEWHERE), "editor", PASSWORD))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_attempts_are_recorded_in_the_database_not_the_cache(people):
    from axes.models import AccessAttempt
    from django.core.cache import caches

    attacker = Client(REMOTE_ADDR=ATTACKER)
    fail(attacker, dashboard_login, "editor")
    for cache in caches.all():
        cache.clear()
    assert locked(dashboard_login(attacker, "editor", PASSWORD))
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "editor",
        ATTACKER,
        LIMIT,
    )


def test_the_login_forms_need_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    assert dashboard_login(client, "editor", PASSWORD).status_code == 403
    assert admin_login(client, "editor", PASSWORD).status_code == 403
