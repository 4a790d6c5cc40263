"""The hub's cache backends: a cache kept in this process, and Redis that fails fast.

:class:`ProcessCache` keeps values that are never changed once stored. Django's local-memory
cache pickles every value on the way in and out and checks every key for memcached; a
calendar feed looks up 10,000 pieces of text at a time, and that is most of the time such a
look-up takes. This one keeps values as they are (so it is only for values
nobody changes: bytes, strings, tuples and dicts stored whole) and drops the least recently
used past ``MAX_ENTRIES``.

:class:`RedisCache` is django-redis with a circuit breaker. Redis is only ever a cache here
(every protection that matters is kept in the database, or refuses when the cache cannot
answer: see ``docs/security.md``), so when it stops answering the site carries on without it.
Each client has connect and socket timeouts (``REDIS_CONNECT_TIMEOUT``, ``REDIS_TIMEOUT``); the
first call that fails opens the breaker, and for ``BREAKER_SECONDS`` every call answers "not
cached" at once, without a network round trip, so a paused Redis costs a request at most one
timeout and then nothing. After that one call tries Redis again. A warning is logged at most
once a minute while it is down.
"""

import logging
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)


class ProcessCache(BaseCache):
    def __init__(self, name, params):
        super().__init__(params)
        self._data = OrderedDict()  # key: (when it expires, as time.time(), or None; value)
        self._lock = threading.Lock()

    def _live(self, key, now):
        """The entry under ``key`` if it has not expired (the caller holds the lock)."""
        entry = self._data.get(key)
        if entry is None:
            return None
        if entry[0] is not None and entry[0] <= now:
            del self._data[key]
            return None
        self._data.move_to_end(key)
        return entry

    def _store(self, key, value, timeout):
        self._data[key] = (self.get_backend_timeout(timeout), value)
        self._data.move_to_end(key)
        while len(self._data) > self._max_entries:
            self._data.popitem(last=False)

    def get_many(self, keys, version=None):
        names = {self.make_key(key, version): key for key in keys}
        now = time.time()
        found = {}
        with self._lock:
            for name, key in names.items():
                entry = self._live(name, now)
                if entry is not None:
                    found[key] = entry[1]
        return found

    def get(self, key, default=None, version=None):
        return self.get_many([key], version).get(key, default)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        with self._lock:
            for key, value in data.items():
                self._store(self.make_key(key, version), value, timeout)
        return []

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        name = self.make_key(key, version)
        with self._lock:
            if self._live(name, time.time()) is not None:
                return False
            self._store(name, value, timeout)
            return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        name = self.make_key(key, version)
        with self._lock:
            entry = self._live(name, time.time())
            if entry is None:
                return False
            self._store(name, entry[1], timeout)
            return True

    def delete(self, key, version=None):
        with self._lock:
            return self._data.pop(self.make_key(key, version), None) is not None

    def clear(self):
        with self._lock:
            self._data.clear()


class Breaker:
    """Whether to skip Redis at one address for now; shared by every thread of the process."""

    WARN_EVERY = 60  # seconds

    def __init__(self, location, seconds):
        self.location = location
        self.seconds = seconds
        self._lock = threading.Lock()
        self._open_until = 0.0  # time.monotonic(); 0 while Redis answers
        self._warned_at = None

    def allow(self):
        """True if this call may go to Redis: it answers, or it is time to try it again (and
        then only this one call tries, the others keep skipping until it has answered)."""
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                return False
            if self._open_until:
                self._open_until = now + self.seconds
            return True

    def failed(self, error):
        with self._lock:
            now = time.monotonic()
            self._open_until = now + self.seconds
            warn = self._warned_at is None or now - self._warned_at >= self.WARN_EVERY
            if warn:
                self._warned_at = now
        if warn:
            logger.warning(
                "Redis at %s is not answering (%s): serving without the shared cache, "
                "trying it again every %g s",
                self.location,
                error,
                self.seconds,
            )

    def answered(self):
        if self._open_until:
            with self._lock:
                self._open_until = 0.0


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location, seconds):
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = Breaker(location, seconds)
        return _breakers[location]


class _GuardedClient:
    """A django-redis client whose every call goes through the breaker."""

    def __init__(self, client, breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            if not self._breaker.allow():
                raise ConnectionInterrupted(connection=None) from ConnectionError(
                    "skipped while Redis is not answering"
                )
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.failed(error)
                raise
            self._breaker.answered()
            return result

        return guarded


class RedisCache(DjangoRedisCache):
    """django-redis with a circuit breaker (``OPTIONS["BREAKER_SECONDS"]``, default 5).

    ``IGNORE_EXCEPTIONS`` must be on, so that a call Redis does not answer (or that the
    breaker skips) is a cache miss rather than an error.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        seconds = params.get("OPTIONS", {}).get("BREAKER_SECONDS", 5)
        self._breaker = breaker_for(server, seconds)

    @property
    def client(self):
        return _GuardedClient(super().client, self._breaker)

    def get_many(self, keys, version=None):
        # django-redis answers a failed get_many with one shared {} object; a caller that
        # adds to what it got would be adding to every later failure's answer.
        return dict(super().get_many(keys, version=version))
