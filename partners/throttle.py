"""Login throttling for every way into the site: the partner dashboard and the Wagtail admin.

Failed sign-ins are counted in the cache (Redis in production, so every worker sees the
same counts) per username and per client address. Past the limit, :class:`ThrottleBackend`,
which comes first in ``AUTHENTICATION_BACKENDS``, refuses every attempt for that username or
address, even with the right password, until the window has passed. Django's
``authenticate()`` is where every login form ends up, so nothing can go round it; the login
forms use :class:`ThrottledLoginMixin` to tell people why they were refused.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.forms import ValidationError

FAILURES_PER_USERNAME = getattr(settings, "LOGIN_FAILURES_PER_USERNAME", 5)
FAILURES_PER_ADDRESS = getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", 20)
WINDOW_SECONDS = getattr(settings, "LOGIN_THROTTLE_SECONDS", 15 * 60)
MESSAGE = (
    "Too many attempts to sign in. For your security, please wait 15 minutes and try again, "
    "or ask a moderator to reset your password."
)


def _keys(request, username):
    keys = []
    if username:
        keys.append(("user", username.strip().lower(), FAILURES_PER_USERNAME))
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    if address:
        keys.append(("address", address, FAILURES_PER_ADDRESS))
    return [(f"login-failures:{kind}:{value}", limit) for kind, value, limit in keys]


def is_throttled(request, username):
    counts = cache.get_many([key for key, _ in _keys(request, username)])
    return any(counts.get(key, 0) >= limit for key, limit in _keys(request, username))


class ThrottleBackend:
    """Refuses any sign-in for a username or address that has failed too often lately.

    It never signs anyone in, so it has no ``get_user``: sessions name the backend that did.
    """

    def authenticate(self, request, username=None, **credentials):
        if is_throttled(request, username):
            if request is not None:
                request.login_throttled = True
            raise PermissionDenied(MESSAGE)
        return None


@receiver(user_login_failed, dispatch_uid="partners_count_login_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    for key, _limit in _keys(request, credentials.get("username")):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


@receiver(user_logged_in, dispatch_uid="partners_forget_login_failures")
def forget_failures(sender, request, user, **kwargs):
    cache.delete(f"login-failures:user:{user.get_username().lower()}")


class ThrottledLoginMixin:
    """For a login form: say "too many attempts" rather than "wrong password" when throttled."""

    def get_invalid_login_error(self):
        if getattr(self.request, "login_throttled", False):
            return ValidationError(MESSAGE, code="throttled")
        return super().get_invalid_login_error()
