"""A cache kept in this process, for values that are never changed once stored.

Django's local-memory cache pickles every value on the way in and out and checks every key
for memcached; a calendar feed looks up 10,000 pieces of text at a time, and that is most of
the time such a look-up takes. This one keeps values as they are (so it is only for values
nobody changes: bytes, strings, tuples and dicts stored whole) and drops the least recently
used past ``MAX_ENTRIES``.
"""

import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


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
