"""A place where the apps above a room add what that room shows.

Imports only point down (the layers in ``pyproject.toml``), so a lower room cannot ask the
rooms above it what they have: the partner dashboard cannot list the needs' pages, nor the
passport the needs' "opportunities that fit you". The lower room keeps a :class:`Registry`
instead, and each app above adds its part from its ``AppConfig.ready()``, which Django runs
once every app is loaded and before the first request.
"""


class Registry:
    """What the apps above have added, under a key each, in the order they added it.

    Adding under a key already there replaces that item where it stands, so a room's
    entry is never listed twice.
    """

    def __init__(self):
        self._items = {}

    def add(self, key, item):
        self._items[key] = item
        return item

    def items(self):
        """``(key, item)`` pairs, in the order they were first added."""
        return list(self._items.items())

    def __iter__(self):
        return iter(list(self._items.values()))
