from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import PASSPORT_ENCRYPTION_KEY, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
if not PASSPORT_ENCRYPTION_KEY:
    raise ImproperlyConfigured(
        "Set the PASSPORT_ENCRYPTION_KEY environment variable (a Fernet key: see README)."
    )

PRODUCTION = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
