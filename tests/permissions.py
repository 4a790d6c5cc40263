"""What the permission matrices share: the outcomes a cell may expect, a column's
:class:`Action`, and the judge that checks one cell.

Each matrix (partners' pages and offers, needs, the Volunteer Passport, the application
flow) has its own people and columns; one cell signs one person in, does the column's
action and checks it twice: the HTTP answer, and whether the action really took effect
(or, for pages that list or show things, whether A's thing is shown).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction

OK = "ok"  # answered (200, or a redirect after the action) and it took effect / is shown
HIDDEN = "hidden"  # answered (see ``hidden`` below) and A's thing untouched / not shown
LOGIN = "login"  # sent to sign in, nothing done
START = "start"  # has no passport of their own: sent to start one, nothing done to A's
OWN_SECTION = "own section"  # Wagtail's explorer takes them to their own section instead
SAVED_NOT_PUBLISHED = "saved-not-published"  # answered; the live page is unchanged
E403, E404 = 403, 404  # refused with that status, nothing done

ACCOUNT_LOGIN = "/accounts/login/"
DASHBOARD_LOGIN = "/dashboard/login/"
ADMIN_LOGIN = "/admin/login/"


@dataclass
class Action:
    """A column: what is done, how to tell it took effect, and what each person gets."""

    do: Callable  # (client, site) -> response
    effect: Callable  # (site, response) -> bool: did it happen / is A's thing shown?
    expected: dict  # role -> outcome
    login_url: str = ACCOUNT_LOGIN  # where this column sends people to sign in


def person(site, role):
    """The user of ``role``: ``site.<role>_user`` where ``site.<role>`` is a volunteer."""
    return getattr(site, f"{role}_user", None) or getattr(site, role)


def judge(action, expected, response, happened, site, hidden=(200,)):
    """What is wrong with this answer for a cell expecting ``expected`` ("" if nothing).
    ``hidden``: the statuses a HIDDEN cell may answer with (a matrix whose refused forms
    answer 400, or whose people act on their own things and are redirected, says so)."""
    status, location = response.status_code, response.get("Location", "")
    if expected == LOGIN:
        answered = status == 302 and location.startswith(action.login_url)
    elif expected == START:
        answered = status == 302 and location == "/volunteer/about/"
    elif expected == OWN_SECTION:
        answered = status == 302 and location == f"/admin/pages/{site.org_b.pk}/"
    elif expected in (E403, E404):
        answered = status == expected
    elif expected == HIDDEN:
        answered = status in hidden
    elif expected == SAVED_NOT_PUBLISHED:
        answered = status in (200, 302)
    elif expected == OK:
        answered = status == 200 or (status == 302 and not location.startswith(action.login_url))
    else:
        raise ValueError(f"no such outcome: {expected!r}")
    if answered and happened == (expected == OK):
        return ""
    content = response.content.decode()[:500] if status != 302 else ""
    return f"expected {expected}, got {status} {location} (took effect: {happened}) {content}"


def check_cell(client, site, action, role, hidden=(200,)):
    """Sign ``role`` in, do ``action`` and judge the answer ("" if it is right)."""
    if role != "anonymous":
        client.force_login(person(site, role))
    response = action.do(client, site)
    happened = action.effect(site, response)
    return judge(action, action.expected[role], response, happened, site, hidden)


def check_column(client, site, action, roles, hidden=(200,)):
    """Each of ``roles`` in turn, each in a transaction rolled back afterwards so that no
    row sees another's changes: the problems found, one line per role."""
    failures = []
    for role in roles:
        with transaction.atomic():
            client.logout()
            problem = check_cell(client, site, action, role, hidden)
            if problem:
                failures.append(f"{role}: {problem}")
            transaction.set_rollback(True)
    return failures


def every_cell(actions, roles):
    """Parametrize a test with ``(action_name, role)``, one case per cell of the matrix."""
    cells = [(name, role) for name in actions for role in roles]
    return pytest.mark.parametrize(
        ("action_name", "role"), cells, ids=[f"{a} | {r}" for a, r in cells]
    )


def incomplete_columns(actions, roles):
    """The columns that do not say what every role gets."""
    return [name for name, action in actions.items() if set(action.expected) != set(roles)]
