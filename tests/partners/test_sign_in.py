"""The partner sign-in page names the site (not the host it is served from) and offers a way
back in for someone who forgot their password."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_shows_the_sites_name_and_forgot_your_password(client, tree):
    tree.site.site_name = "Devizes Neighbour Hub"
    tree.site.save()
    html = client.get("/dashboard/login/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.strip() == "Sign in to the partner dashboard | Devizes Neighbour Hub"
    assert "testserver" not in title and "example.com" not in title
    assert re.search(
        rf'<a[^>]*href="{reverse("account_reset_password")}"[^>]*>Forgot your password\?</a>', html
    )
    # The link leads to a form that asks for the e-mail address.
    reset = client.get(reverse("account_reset_password"))
    assert reset.status_code == 200
    assert 'name="email"' in reset.content.decode()
