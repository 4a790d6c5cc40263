"""Charity numbers of the three UK registers, and phone numbers."""

import pytest
from django.core.exceptions import ValidationError

from hub.validators import phone_validator
from partners.validators import charity_register, normalise_charity_number, validate_charity_number


@pytest.mark.parametrize(
    ("text", "number", "register"),
    [
        ("1123456", "1123456", "England and Wales"),
        ("202918", "202918", "England and Wales"),
        ("1123456-1", "1123456-1", "England and Wales"),
        ("SC012345", "SC012345", "Scotland"),
        ("sc 012 345", "SC012345", "Scotland"),
        ("NIC100123", "NIC100123", "Northern Ireland"),
        (" nic100123 ", "NIC100123", "Northern Ireland"),
    ],
)
def test_numbers_of_each_register_are_accepted_and_normalised(text, number, register):
    validate_charity_number(text)
    assert normalise_charity_number(text) == number
    assert charity_register(number) == register


@pytest.mark.parametrize(
    "text",
    [
        "12345",
        "12345678",
        "SC12345",
        "SC0123456",
        "NI100123",
        "NIC10012",
        "XR12345",
        "1123456-",
        "1123456-123",
        "charity",
        "SC-012345",
        "１１２３４５６",
    ],
)
def test_anything_else_is_refused_with_the_three_formats(text):
    with pytest.raises(ValidationError) as error:
        validate_charity_number(text)
    message = error.value.messages[0]
    assert "1123456" in message and "SC012345" in message and "NIC100123" in message


def test_an_empty_number_is_allowed():
    validate_charity_number("")


@pytest.mark.parametrize("phone", ["01380 123456", "+44 1380 123456", "(01380) 123-456", "999999"])
def test_phone_numbers(phone):
    phone_validator(phone)


@pytest.mark.parametrize("phone", ["call me", "01380 12345x", "+", "1" * 30])
def test_bad_phone_numbers(phone):
    with pytest.raises(ValidationError):
        phone_validator(phone)
