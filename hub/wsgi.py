"""The WSGI application, loaded and warmed before any request (gunicorn.conf.py preloads it,
once, before the workers are forked)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")

application = get_wsgi_application()
# Import the URLconf, and with it every view and the admin, now rather than on the first
# request each worker serves.
get_resolver().url_patterns  # noqa: B018
