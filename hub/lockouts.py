"""Sign-in lockouts in the Wagtail admin ("Sign-in lockouts", under Settings).

The lockout message tells a locked-out person to ask a moderator; this is where a moderator
sees who is locked out, from which address and until when, and lifts a lockout by deleting
its record (axes' database rows, :mod:`hub.logins`). Records are never written by hand: the
views are the list and delete only, for holders of axes' view and delete permissions (the
Moderators group has them, ``hub`` migration 0002; superusers have every permission).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

__all__ = ["LockoutPermissionPolicy", "LockoutViewSet", "locked_until"]


def locked_until(attempt):
    """When the sign-ins counted in ``attempt`` may be tried again, or None if they may now."""
    if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return None
    ends = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return ends if ends > timezone.now() else None


class LockoutPermissionPolicy(ModelPermissionPolicy):
    """Only reading and lifting: no one adds, edits or copies a record of failed sign-ins."""

    ACTIONS = {"view", "delete"}

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = "Sign-in lockouts"
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = [
        "username",
        "ip_address",
        Column("failures_since_start", label="Failed sign-ins"),
        Column("attempt_time", label="Last failure"),
        Column("locked_until", label="Locked until", accessor=locked_until),
    ]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    form_fields = []  # never used: the policy allows no adding or editing
