"""The sign-up form's extra field (``ACCOUNT_SIGNUP_FORM_CLASS``).

A module of its own because allauth imports it while building its own sign-up form: it must
not import allauth's forms itself.
"""

from django import forms


class SignupForm(forms.Form):
    """What allauth's sign-up form asks besides e-mail and password: the age confirmation,
    which is checked and not stored."""

    over_16 = forms.BooleanField(
        label="I am 16 or over",
        error_messages={"required": "You need to be 16 or over to volunteer through the hub."},
    )

    def signup(self, request, user):
        """Nothing to keep: the hub stores no age."""
