"""Charity registration numbers of the three UK charity registers."""

import re

from django.core.exceptions import ValidationError

# England and Wales: six or seven digits, with "-N" for a linked charity (1123456-1).
# Scotland (OSCR): SC and six digits. Northern Ireland: NIC and six digits.
_REGISTERS = [
    (re.compile(r"[0-9]{6,7}(-[0-9]{1,2})?"), "England and Wales"),
    (re.compile(r"SC[0-9]{6}"), "Scotland"),
    (re.compile(r"NIC[0-9]{6}"), "Northern Ireland"),
]
MESSAGE = (
    "That is not a charity number we recognise. In England and Wales it is six or seven "
    "digits, like 1123456; in Scotland SC and six digits, like SC012345; in Northern "
    "Ireland NIC and six digits, like NIC100123."
)


def normalise_charity_number(text):
    """Upper case without spaces: 'sc 012 345' becomes 'SC012345'."""
    return re.sub(r"\s+", "", text or "").upper()


def charity_register(number):
    """Which register the (normalised) number belongs to, or '' if none."""
    for pattern, register in _REGISTERS:
        if pattern.fullmatch(number):
            return register
    return ""


def validate_charity_number(value):
    if value and not charity_register(normalise_charity_number(value)):
        raise ValidationError(MESSAGE, code="invalid_charity_number")
