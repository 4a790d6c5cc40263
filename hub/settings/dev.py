import os
import warnings

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret"  # noqa: S105
# A development key only: production sets its own (hub/settings/production.py).
PASSPORT_ENCRYPTION_KEY = (
    os.environ.get("PASSPORT_ENCRYPTION_KEY") or "ZGV2LW9ubHktcGFzc3BvcnQta2V5LW5vdC1zZWNyZXQ="  # noqa: S105
)
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

# Static files come from the apps' folders until collectstatic has been run.
warnings.filterwarnings("ignore", "No directory at", UserWarning)
