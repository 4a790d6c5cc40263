"""The hub's answer to an error no view handled (``handler500`` in ``hub/urls.py``).

A database that cannot be reached (restarting, failing over, a connection that broke) is no
fault of the page: the visitor gets a plain "back in a moment" page as HTTP 503 with
``Retry-After``, which proxies and crawlers understand as passing. Django has already logged
the error and closes the broken connection at the end of the request, so the next request
connects afresh (``CONN_HEALTH_CHECKS`` checks a kept connection before it is reused).
Everything else is the usual 500 page. Neither page touches the database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 30


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
