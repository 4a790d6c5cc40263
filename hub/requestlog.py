"""One log line per request, for operators: what was asked, how it ended, how long it took.

Each line is ``key=value`` pairs on the ``hub.requests`` logger at INFO, for example::

    method=GET path=/events/ status=200 duration_ms=4.2 cache=hit

``cache`` is the page cache's outcome (``hit``, ``miss``, ``skip`` or ``unavailable``; ``-``
when the request never reached it, as for static files). The query string is never logged:
visitors type postcodes, place names and sometimes e-mail addresses into forms that use GET.
Nor are client addresses, cookies or user names: the line says how the site behaved, not who
asked. Anything in the path that looks like an e-mail address is written ``[email]``, and the
path is percent-encoded, so it is one token without spaces or newlines.
"""

import logging
import re
import time
from urllib.parse import quote

logger = logging.getLogger("hub.requests")
EMAIL = re.compile(r"[^/@]+@[^/]+")


class RequestLogMiddleware:
    """Place it first, so its duration covers every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "method=%s path=%s status=%d duration_ms=%.1f cache=%s",
                quote(request.method, safe=""),
                quote(EMAIL.sub("[email]", request.path), safe="/[]"),
                response.status_code,
                (time.perf_counter() - started) * 1000,
                getattr(request, "page_cache", "-"),
            )
        return response
