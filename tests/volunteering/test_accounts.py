"""Residents' accounts through django-allauth: sign-up with the age confirmation, the
verification link, sign-in by e-mail, password reset, e-mail change, the same answers for
known and unknown addresses, and the lockout (django-axes) after repeated failures."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from volunteering.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"
SIGNUP = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}


def link_in(message):
    return re.search(r"http://testserver(/accounts/\S+)", message.body)[1]


@pytest.fixture
def mailbox(django_capture_on_commit_callbacks):
    """E-mails go through the task queue once the transaction commits, as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        yield mail.outbox


def test_sign_up_verify_and_sign_in(client, tree, mailbox):
    refused = client.post("/accounts/signup/", SIGNUP)
    assert refused.status_code == 200
    assert "16 or over" in refused.content.decode()
    assert not get_user_model().objects.exists()

    response = client.post("/accounts/signup/", {**SIGNUP, "over_16": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    address = EmailAddress.objects.get(email="new@example.org")
    assert not address.verified
    (message,) = mailbox
    assert message.to == ["new@example.org"]
    confirm = link_in(message)
    assert client.get(confirm).status_code == 200  # a link scanner's GET confirms nothing
    assert not EmailAddress.objects.get(pk=address.pk).verified
    response = client.post(confirm)
    assert response.status_code == 302
    assert EmailAddress.objects.get(pk=address.pk).verified

    client.logout()
    response = client.post("/accounts/login/", {"login": "NEW@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/volunteer/"
    assert client.get("/volunteer/")["Location"] == "/volunteer/about/"  # start the passport


def test_an_unverified_address_cannot_sign_in_yet(client, tree, mailbox):
    client.post("/accounts/signup/", {**SIGNUP, "over_16": "on"})
    client.logout()
    mailbox.clear()
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/volunteer/")["Location"].startswith("/accounts/login/")


def test_signing_up_with_a_known_address_gives_the_same_answer(client, tree, mailbox):
    UserFactory(email="known@example.org")
    known = client.post(
        "/accounts/signup/", {**SIGNUP, "email": "known@example.org", "over_16": "on"}
    )
    client.logout()
    unknown = client.post("/accounts/signup/", {**SIGNUP, "over_16": "on"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert get_user_model().objects.filter(email="known@example.org").count() == 1


def test_password_reset_by_e_mail_with_the_same_answer_for_unknown_addresses(client, tree, mailbox):
    UserFactory(email="known@example.org")
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    reset = [message for message in mailbox if message.to == ["known@example.org"]]
    assert len(reset) == 1
    form_url = client.get(link_in(reset[0]))["Location"]
    new = "another long passphrase 77"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert get_user_model().objects.get(email="known@example.org").check_password(new)


def test_changing_the_e_mail_address_keeps_the_old_one_until_the_new_is_verified(
    client, tree, mailbox
):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user, primary=True).email == "old@example.org"
    (message,) = mailbox
    client.post(link_in(message))
    assert EmailAddress.objects.get(email="new@example.org").verified


def test_account_pages_show_what_just_happened(client, tree, mailbox):
    """allauth tells the person what it did (here: where the confirmation went) on its own
    pages, which the layout must show."""
    client.force_login(UserFactory(email="old@example.org"))
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "new@example.org"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/email/"
    body = response.content.decode()
    status = body.split('class="messages" role="status"', 1)
    assert len(status) == 2, "no status message on the page"
    assert "new@example.org" in status[1].split("</div>", 1)[0]


def test_repeated_failures_lock_the_address_out_with_a_message(client, tree):
    UserFactory(email="known@example.org")
    for _attempt in range(5):
        response = client.post(
            "/accounts/login/", {"login": "known@example.org", "password": "wrong"}
        )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()
    # Locked: the right password is refused too, and typed in capitals it is the same account.
    response = client.post(
        "/accounts/login/",
        {"login": "Known@Example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 429
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().username == "known@example.org"
    # Another address from the same place is not locked out.
    UserFactory(email="other@example.org")
    response = client.post(
        "/accounts/login/",
        {"login": "other@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302


def test_an_unknown_address_fails_like_a_wrong_password(client, tree):
    UserFactory(email="known@example.org")
    wrong = client.post("/accounts/login/", {"login": "known@example.org", "password": "x"})
    unknown = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors


def test_signing_up_needs_the_csrf_token(tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/signup/", {**SIGNUP, "over_16": "on"}).status_code == 403
    assert not get_user_model().objects.exists()


def test_sign_in_pages_are_not_page_cached(client, tree):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] != "hit"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/", "/accounts/email/"])
def test_account_pages_keep_the_site_width_and_margins(client, tree, path):
    """allauth's pages fill the layout's content block themselves, so <main> is the container."""
    if path == "/accounts/email/":
        client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    assert '<main id="main" tabindex="-1" class="main container">' in response.content.decode()
