"""Certificate numbers are encrypted at rest with Fernet (the ``cryptography`` package).

The key comes from the environment (``PASSPORT_ENCRYPTION_KEY``, see README): several keys
separated by commas rotate them (the first encrypts, all decrypt: ``MultiFernet``). Nothing
here logs or raises the plain text.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@functools.cache
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "PASSPORT_ENCRYPTION_KEY must be one or more Fernet keys (make one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`)."
        ) from error


def fernet():
    return _fernet(settings.PASSPORT_ENCRYPTION_KEY)


def encrypt(text):
    return fernet().encrypt(text.encode()).decode("ascii") if text else ""


def decrypt(token):
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        return ""  # a key that was rotated out: the number is unreadable, as if erased
