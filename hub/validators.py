"""Validators that more than one app's models use."""

from django.core.validators import RegexValidator

phone_validator = RegexValidator(
    r"^\+?\(?[0-9][0-9 ()-]{5,22}$",
    "Give a phone number in digits, e.g. 01380 123456 or +44 1380 123456.",
)
