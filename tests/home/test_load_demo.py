"""``load_demo`` never leaves a production site with published passwords."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from home import demo
from partners import demo as partner_demo
from volunteering import demo as volunteer_demo

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    username: password
    for username, password, _role in demo.USERS + partner_demo.USERS + volunteer_demo.USERS
}


def test_production_refuses_without_the_flag(settings, capsys):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()


def test_with_the_flag_every_account_gets_a_random_password_printed_once(
    settings, tmp_path, capsys
):
    settings.PRODUCTION = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", allow_production=True)
    printed = dict(re.findall(r"^  (\S+)\s+(\S+)\s+\S", capsys.readouterr().out, re.MULTILINE))
    users = signable()
    assert set(printed) == set(DEMO_LOGINS) == {user.username for user in users}
    for user in users:
        assert not user.check_password(DEMO_LOGINS[user.username]), user.username
        assert user.check_password(printed[user.username]), user.username
    assert len(set(printed.values())) == len(printed)
    assert all(len(password) >= 16 for password in printed.values())
    # A second run changes no password and shows none.
    call_command("load_demo", allow_production=True)
    assert "Demo logins" not in capsys.readouterr().out
    for user in signable():
        assert user.check_password(printed[user.username])


def signable():
    """The accounts anyone can sign in to (the demo's many volunteers have no password)."""
    return [user for user in get_user_model().objects.all() if user.has_usable_password()]
