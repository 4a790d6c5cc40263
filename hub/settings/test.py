import warnings

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# The suite runs on the local-memory cache unless CI asks for Redis through REDIS_URL.
SECURE_SSL_REDIRECT = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Static files come from the apps' folders: collectstatic is never run for tests.
warnings.filterwarnings("ignore", "No directory at", UserWarning)
