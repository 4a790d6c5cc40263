"""The shared page cache: whole anonymous responses, kept in the shared cache for a short time.

:class:`PageCacheMiddleware` answers a GET or HEAD from the cache when the request is one an
anonymous visitor makes of a public page, and otherwise lets the site answer and keeps the
answer if it may be shared. docs/caching.md says why it is built this way.

Who is served from the cache (:func:`reasons_not_to_serve`): GET and HEAD requests with no
session cookie and no ``Authorization`` header, outside ``NEVER_CACHED_PATHS`` (the admin,
the partner dashboard, documents, calendar files with their own caches).

What is kept (:func:`reasons_not_to_store`): 200, 301 and 404 responses to such requests that
set no cookie, carry no CSRF token, were not made for a signed-in user or a preview, vary on
nothing but cookies, encoding and language, and whose view did not set ``Cache-Control``
itself (Wagtail marks view-restricted pages ``private``; the calendar feeds manage their own
caching). Every other response without a ``Cache-Control`` of its own is marked
``private, no-store``, so no proxy keeps it either.

The key (:func:`key_for`): scheme, host (which names the Wagtail site), path, the query string
with empty values dropped and parameters in order of name, and the language.

Invalidation: every entry records the generation it was made in, and is only served while
the generation in the shared cache is the same. :func:`changed` starts a new generation, at
once and again when the transaction commits, so every process on every server stops serving
what it had; the receivers in :mod:`hub.invalidation` call it for every change public pages
can show. What depends only on the clock (events that end, offers past their date, the
countdown) is bounded by ``PAGE_CACHE_SECONDS``.

Scopes: something that changes far more often than pages are published, and that only a few
views show (the Neighbour Day counts, moved by every registration), has a generation of its
own. A view that shows it says so with :func:`scoped`; its entries record that scope's
generation too, and :func:`scope_changed` makes only them stale, so every other page stays
served from the cache. A whole-site :func:`changed` still makes scoped entries stale.

A cache that cannot be reached costs only the caching: pages are served as if uncached, and
caching resumes by itself when the cache answers again.
"""

import functools
import gzip
import hashlib
import logging
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
SCOPE_KEY_PREFIX = "pagecache:scope:"
KEY_PREFIX = "pagecache:page:"
NEVER_CACHED_PATHS = ("/admin/", "/dashboard/", "/documents/")
NEVER_CACHED_SUFFIXES = (".ics",)  # calendar files: events.feeds caches them itself
STORED_STATUSES = (200, 301, 404)
ALLOWED_VARY = {"cookie", "accept-encoding", "accept-language"}
# Headers that are made again for every response rather than stored.
UNSTORED_HEADERS = {"content-length", "content-encoding", "date", "set-cookie", "age"}
CACHE_HEADER = "X-Page-Cache"


def seconds():
    """How long a page is kept (0 turns the page cache off)."""
    return settings.PAGE_CACHE_SECONDS


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def changed(**_signal_arguments):
    """Something public pages show has changed: no page cached before now is served again.

    The generation changes at once (the change is visible to the request that made it) and
    again when the current transaction commits, so a page built in between from rows not yet
    committed is not served either. Takes and ignores signal arguments, so it can be
    connected as a receiver.
    """
    _new_generation(GENERATION_KEY)
    transaction.on_commit(functools.partial(_new_generation, GENERATION_KEY))


def scope_changed(scope, **_signal_arguments):
    """What the views declared :func:`scoped` to ``scope`` show has changed: only their pages
    cached before now are not served again (at once and when the transaction commits, as
    :func:`changed`)."""
    key = SCOPE_KEY_PREFIX + scope
    _new_generation(key)
    transaction.on_commit(functools.partial(_new_generation, key))


def _new_generation(key):
    try:
        _cache().set(key, uuid.uuid4().hex, None)
    except Exception:
        # Entries from before the change outlive it by PAGE_CACHE_SECONDS at most.
        logger.warning("page cache: could not start a new generation", exc_info=True)


def _generations(cache, keys, found):
    """The current generation of each of ``keys``, taken from ``found`` (what ``get_many``
    gave) and started for those the cache does not hold (yet, or any more).

    ``found`` is only read: django-redis answers every failed ``get_many`` with one shared
    dict, and writing into it would make later failures "find" these keys."""
    generations = {}
    for key in keys:
        generation = found.get(key)
        if generation is None:
            cache.add(key, uuid.uuid4().hex, None)
            generation = cache.get(key)
        generations[key] = generation
    return generations


def scoped(*scopes):
    """Decorate a view whose responses show what :func:`scope_changed` announces for
    ``scopes``: its cached pages are made stale by those changes as well as by :func:`changed`.

    The scopes' generations are read before the view runs, so a change made while it builds
    its page makes that page stale at once."""
    keys = [SCOPE_KEY_PREFIX + scope for scope in scopes]

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if getattr(request, "page_cache", None) == "miss":
                try:
                    cache = _cache()
                    request.page_cache_scopes = _generations(cache, keys, cache.get_many(keys))
                except Exception:
                    logger.warning("page cache: the cache cannot be reached", exc_info=True)
                    request.page_cache_scopes = None  # not kept: it could not be made stale
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def key_for(request):
    """The cache key of a request (see the module docstring for what it is made of)."""
    pairs = [
        (name, value) for name, value in parse_qsl(request.META.get("QUERY_STRING", "")) if value
    ]
    pairs.sort(key=lambda pair: pair[0])  # stable: repeated names keep their order
    identity = "\n".join(
        (
            request.scheme,
            request.get_host(),
            request.path,
            urlencode(pairs),
            translation.get_language() or "",
        )
    )
    return KEY_PREFIX + hashlib.sha256(identity.encode()).hexdigest()


def reasons_not_to_serve(request):
    """Why this request may not be answered from the cache, or kept (empty: it may)."""
    reasons = set()
    if not seconds():
        reasons.add("off")
    if request.method not in ("GET", "HEAD"):
        reasons.add("method")
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        reasons.add("session")  # perhaps signed in: the session is not even opened to check
    if "Authorization" in request.headers:
        reasons.add("authorization")
    path = request.path
    if path.startswith(NEVER_CACHED_PATHS) or path.endswith(NEVER_CACHED_SUFFIXES):
        reasons.add("path")
    return reasons


def reasons_not_to_store(request, response):
    """Why this response may not be kept (empty: it may)."""
    reasons = set()
    if request.method != "GET":
        reasons.add("method")  # a HEAD is answered from what a GET kept
    if response.status_code not in STORED_STATUSES:
        reasons.add("status")
    if response.streaming:
        reasons.add("streaming")
    if response.cookies:
        reasons.add("cookies")
    if carries_csrf_token(request, response):
        reasons.add("csrf")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        reasons.add("signed in")
    if getattr(request, "is_preview", False):
        reasons.add("preview")
    if getattr(request, "page_cache_scopes", {}) is None:
        reasons.add("scope")
    if response.has_header("Cache-Control"):
        reasons.add("cache-control")  # the view decided (private pages, feeds)
    vary = {item.strip().lower() for item in cc_delim_re.split(response.get("Vary", "")) if item}
    if vary - ALLOWED_VARY:
        reasons.add("vary")
    return reasons


def carries_csrf_token(request, response):
    """Whether a CSRF token was rendered into the response: Django's CSRF middleware then
    sends the cookie (and clears the flag that ``get_token()`` set, once it has)."""
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or settings.CSRF_COOKIE_NAME in response.cookies
    )


def _cache_control(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
        s_maxage=seconds(),
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))


class PageCacheMiddleware:
    """Serves and keeps anonymous public pages (place it above GZip and ConditionalGet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reasons_not_to_serve(request):
            return self._uncached(request, "skip")
        key = key_for(request)
        generation, entry = self._lookup(key)
        if generation is None:
            return self._uncached(request, "unavailable")
        if entry is not None and entry["generation"] == generation and self._scopes_current(entry):
            request.page_cache = "hit"
            return self._from_entry(request, entry)
        request.page_cache = "miss"
        response = self.get_response(request)
        if reasons_not_to_store(request, response):
            request.page_cache = "skip"
            return self._private(request, response)
        entry = self._entry(response, generation, getattr(request, "page_cache_scopes", {}))
        self._store(key, entry)
        return self._from_entry(request, entry, age=False)

    def _uncached(self, request, outcome):
        request.page_cache = outcome
        return self._private(request, self.get_response(request))

    @staticmethod
    def _private(request, response):
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        response[CACHE_HEADER] = request.page_cache
        return response

    @staticmethod
    def _lookup(key):
        """The current generation (None if the cache cannot be reached) and the entry."""
        cache = _cache()
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = _generations(cache, [GENERATION_KEY], found)[GENERATION_KEY]
        except Exception:
            logger.warning("page cache: the cache cannot be reached", exc_info=True)
            return None, None
        return generation, found.get(key)

    @staticmethod
    def _scopes_current(entry):
        """Whether the generations of the entry's scopes (if it has any) are still current:
        a second round trip, for scoped entries only."""
        scopes = entry.get("scopes")
        if not scopes:
            return True
        try:
            return _cache().get_many(list(scopes)) == scopes
        except Exception:
            logger.warning("page cache: the cache cannot be reached", exc_info=True)
            return False

    @staticmethod
    def _store(key, entry):
        try:
            _cache().set(key, entry, seconds())
        except Exception:
            logger.warning("page cache: could not keep a page", exc_info=True)

    @staticmethod
    def _entry(response, generation, scopes):
        _cache_control(response)
        body = response.content
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ]
        return {
            "generation": generation,
            "scopes": scopes,
            "stored": time.time(),
            "status": response.status_code,
            "headers": headers,
            "etag": hashlib.md5(body, usedforsecurity=False).hexdigest(),
            "body": body,
            "gzip": gzip.compress(body, compresslevel=6, mtime=0) if body else b"",
        }

    @staticmethod
    def _from_entry(request, entry, age=True):
        compressed = bool(entry["gzip"]) and "gzip" in request.headers.get("Accept-Encoding", "")
        body = entry["gzip"] if compressed else entry["body"]
        response = HttpResponse(status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["ETag"] = f'W/"{entry["etag"]}"' if compressed else f'"{entry["etag"]}"'
        if compressed:
            response["Content-Encoding"] = "gzip"
        if age:
            response["Age"] = str(max(0, int(time.time() - entry["stored"])))
        response[CACHE_HEADER] = request.page_cache
        if response.status_code == 200:
            conditional = get_conditional_response(
                request, etag=response["ETag"], response=response
            )
            if conditional is not response:
                return conditional
        response.content = b"" if request.method == "HEAD" else body
        response["Content-Length"] = str(len(body))
        return response


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, except for responses that carry a CSRF token.

    A secret in a compressed response can be guessed from its size (BREACH). Django masks the
    CSRF token differently in every response, and its GZipMiddleware pads with random bytes;
    responses with a token are small forms, so they are simply not compressed. Pages from the
    page cache come compressed already and are passed by.
    """

    def process_response(self, request, response):
        if carries_csrf_token(request, response):
            return response
        return super().process_response(request, response)
