"""``/healthz``, for load balancers: "ok" when this server can reach its database and cache.

It is answered by :class:`HealthCheckMiddleware`, first in ``MIDDLEWARE``, before anything that
could refuse or redirect the probe: a load balancer asks over plain HTTP (the TLS proxy is in
front of it, so there is no ``X-Forwarded-Proto``) and by the server's own address (not one of
``ALLOWED_HOSTS``), and Django's HTTPS redirect or host check would answer 301 or 400 to a
healthy server. Nothing else in the request is read, nothing is cached, and the body is only
``ok`` or ``unavailable``: what failed goes to the log, not to whoever asks.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"


def problems():
    """What is unreachable now, as a list of short descriptions (empty when all is well)."""
    found = []
    try:
        with connection.cursor() as cursor:
            # A table every migrated database has: an empty database is not a healthy one.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except DatabaseError as error:
        found.append(f"database: {error!r}")
    token = uuid.uuid4().hex
    cache.set("healthz", token, 30)
    if cache.get("healthz") != token:
        found.append("cache: a value just stored could not be read back")
    return found


def health(request):
    found = problems()
    if found:
        logger.error("Health check failed: %s", "; ".join(found))
    response = HttpResponse(
        "unavailable\n" if found else "ok\n",
        status=503 if found else 200,
        content_type="text/plain; charset=utf-8",
    )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
