"""Residents' accounts through django-allauth: the adapter and forms ``ACCOUNT_*`` name.

Sign-in lockout is django-axes' (hub.logins), as for every login on the site: a locked-out
resident sees the same message, as HTTP 429 with ``Retry-After``. Links in e-mails use the
site's one public address (hub.addresses), and e-mails go through the queue (hub.mail) as
``EMAIL_BACKEND`` sends every message.
"""

from urllib.parse import urlsplit

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse

from hub.addresses import absolute
from hub.logins import lockout_message
from hub.places import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The address allauth's rate limits count: the one axes and place look-ups use."""
        return client_address(request)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        return absolute(urlsplit(super().get_reset_password_from_key_url(key)).path)


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form, which says when to try again while axes locks it out."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(self.request), code="locked_out") from None
            raise
