"""Sign-in attempts are throttled on the dashboard and in the Wagtail admin alike."""

import pytest
from django.test import Client

from partners import throttle
from tests.partners.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def dashboard_login(client, username, password):
    return client.post("/dashboard/login/", {"username": username, "password": password})


def admin_login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


@pytest.mark.parametrize("login", [dashboard_login, admin_login])
def test_after_too_many_failures_even_the_right_password_is_refused(client, site, login):
    for _attempt in range(throttle.FAILURES_PER_USERNAME):
        response = login(client, "member-a", "wrong")
        assert response.status_code == 200
        assert "Too many attempts" not in response.content.decode()
    response = login(client, "member-a", PASSWORD)
    assert response.status_code == 200
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else, from another address, can still sign in.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert login(other, "member-b", PASSWORD).status_code == 302
    # The lock is per username: member A from another address is refused too.
    elsewhere = Client(REMOTE_ADDR="203.0.113.5")
    assert "Too many attempts" in login(elsewhere, "Member-A", PASSWORD).content.decode()
    assert "Too many attempts" in login(elsewhere, "member-a", PASSWORD).content.decode()


def test_one_address_trying_many_usernames_is_throttled(site):
    client = Client(REMOTE_ADDR="198.51.100.9")
    for number in range(throttle.FAILURES_PER_ADDRESS):
        dashboard_login(client, f"guess-{number}", "wrong")
    response = dashboard_login(client, "member-a", PASSWORD)
    assert "Too many attempts to sign in" in response.content.decode()
    assert dashboard_login(Client(REMOTE_ADDR="192.0.2.8"), "member-a", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(client, site):
    for _attempt in range(throttle.FAILURES_PER_USERNAME - 1):
        dashboard_login(client, "member-a", "wrong")
    response = dashboard_login(client, "member-a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    client.logout()
    for _attempt in range(throttle.FAILURES_PER_USERNAME - 1):
        dashboard_login(client, "member-a", "wrong")
    assert dashboard_login(client, "member-a", PASSWORD).status_code == 302


def test_the_window_passes(client, site):
    from django.core.cache import cache

    for _attempt in range(throttle.FAILURES_PER_USERNAME):
        dashboard_login(client, "member-a", "wrong")
    assert "Too many attempts" in dashboard_login(client, "member-a", PASSWORD).content.decode()
    cache.clear()  # what the cache does when the window's time is up
    assert dashboard_login(client, "member-a", PASSWORD).status_code == 302


def test_the_login_form_needs_the_csrf_token(site):
    client = Client(enforce_csrf_checks=True)
    assert dashboard_login(client, "member-a", PASSWORD).status_code == 403
    assert admin_login(client, "member-a", PASSWORD).status_code == 403
