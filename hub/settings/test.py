import warnings

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
# A fixed key for the tests only (volunteering.crypto).
PASSPORT_ENCRYPTION_KEY = "dGVzdC1vbmx5LXBhc3Nwb3J0LWtleS0zMi1ieXRlcyE="  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# The suite runs on the local-memory cache unless CI asks for Redis through REDIS_URL.
SECURE_SSL_REDIRECT = False
# The public address is the test client's (the browser tests use the live server's).
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
EMAIL_BACKEND = EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once unless a test puts them on a real queue (tests/hub/test_tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING["loggers"]["hub.requests"]["level"] = "WARNING"  # noqa: F405
# Nothing leaves the machine: the map gets blank tiles (a transparent GIF) and place names are
# off unless a test points the geocoder at its own stand-in server.
MAP_TILE_URL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
MAP_TILE_ATTRIBUTION = "Blank test tiles"
GEOCODER_USER_AGENT = ""

# The calendar import tests serve their feeds from a local server on 127.0.0.1.
CALENDAR_IMPORT_ALLOW_LOOPBACK = True
CALENDAR_IMPORT_TIMEOUT = 2

# Static files come from the apps' folders: collectstatic is never run for tests.
warnings.filterwarnings("ignore", "No directory at", UserWarning)
