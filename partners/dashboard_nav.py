"""The partner dashboard's menu: the offers pages, then what other rooms add.

Apps above partners (the Volunteer Passport's shared passports, needs, ...) have pages in
the dashboard too. partners never imports them: each registers its entry here (a
:class:`hub.registry.Registry`) from its ``AppConfig.ready()``, and the dashboard's layout
lists what was registered.
"""

from dataclasses import dataclass

from django.urls import reverse

from hub.registry import Registry


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    order: int

    @property
    def url(self):
        return reverse(self.url_name)


_entries = Registry()


def register(label, url_name, order=50):
    """Adds ``label`` linking to ``url_name`` to the menu of signed-in members (lower
    ``order`` first; registering the same URL again replaces its entry)."""
    _entries.add(url_name, Entry(label, url_name, order))


def entries():
    return sorted(_entries, key=lambda entry: (entry.order, entry.label))
