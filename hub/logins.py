"""Sign-in lockout for every way into the site, through django-axes.

Every login form ends in ``django.contrib.auth.authenticate()``, and axes' backend comes first
in ``AUTHENTICATION_BACKENDS``, so nothing goes round it: the Wagtail admin, the partner
dashboard and any later login (see docs/security.md for a resident login through allauth).

The rules (settings ``AXES_*`` in ``hub/settings/base.py``):

* failures are counted per **username and client address together**, so an attacker locks
  out only their own guesses at one username from their own address, never the user signing
  in from elsewhere, nor everyone behind the same proxy;
* the client address is :func:`hub.places.client_address`, the one the place look-ups use,
  which honours ``CLIENT_IP_HEADER`` behind a proxy;
* usernames are counted as the site matches them (:func:`username`), so typing one in capitals
  is no fresh set of guesses;
* the records are rows in the database (axes' database handler), not cache entries, so the
  lockout holds when Redis is gone;
* the lockout lasts ``AXES_COOLOFF_TIME`` from the failure that caused it; attempts refused
  meanwhile do not extend it.

A locked-out visitor gets the login page again, with a form error that says when to try again,
as HTTP 429 with ``Retry-After`` (:func:`lockout_response`).
"""

import math

from django.db.models import Max
from django.forms import ValidationError
from django.utils import timezone
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

__all__ = [
    "AdminLoginForm",
    "LockoutMessageMixin",
    "forget",
    "lockout_message",
    "lockout_response",
    "username",
]


def username(request, credentials):
    """The username as axes counts it: what was typed, trimmed and case-folded.

    The admin and the dashboard call the field ``username``; residents sign in with their
    e-mail address through allauth, whose form field is ``login`` and whose credentials call
    it ``email``, so a resident's failures are counted against their address."""
    source = credentials if credentials is not None else request.POST
    typed = source.get("username") or source.get("login") or source.get("email") or ""
    return typed.strip().casefold() or None


def forget(*names):
    """Erase axes' records (failures, lockouts, sign-ins) of these usernames or addresses:
    for a person who deleted their account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = [name.strip().casefold() for name in names if name]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()


def seconds_left(request):
    """Seconds until this request's username may sign in again from this address."""
    if not hasattr(request, "lockout_seconds_left"):
        from axes.helpers import get_client_username, get_cool_off
        from axes.models import AccessAttempt

        last = AccessAttempt.objects.filter(
            username=get_client_username(request, getattr(request, "axes_credentials", None)),
            ip_address=request.axes_ip_address,
        ).aggregate(last=Max("attempt_time"))["last"]
        ends = (last or timezone.now()) + get_cool_off(request)
        request.lockout_seconds_left = max(1, math.ceil((ends - timezone.now()).total_seconds()))
    return request.lockout_seconds_left


def lockout_message(request):
    minutes = math.ceil(seconds_left(request) / 60)
    return (
        "Too many attempts to sign in with this username. For your security, please try "
        f"again in {minutes} minute{'s' if minutes != 1 else ''}. If you have forgotten your "
        "password, ask a moderator to reset it."
    )


class LockoutMessageMixin:
    """For a login form: say when to try again, rather than "wrong password", when locked."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(self.request), code="locked_out")
        return super().get_invalid_login_error()


class AdminLoginForm(LockoutMessageMixin, WagtailLoginForm):
    """The Wagtail admin's sign-in form (``WAGTAILADMIN_USER_LOGIN_FORM``)."""


def lockout_response(request, original_response, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the login page the view rendered, with the lockout message
    as its form error (:class:`LockoutMessageMixin`), as HTTP 429 with ``Retry-After``."""
    original_response.status_code = 429
    original_response["Retry-After"] = str(seconds_left(request))
    return original_response
