"""The kinds of things the map search finds, in the order of ``INSTALLED_APPS``.

Each app lists its kinds (``hub.kinds.Kind`` objects) as ``KINDS`` in its own
``search_kinds`` module; :func:`discover` registers them when the search app starts, and a
kind's ``?kind=`` choice appears once it is registered. The search never restates a kind's
filter: each kind answers through its own listing's.
"""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

KINDS = {}


def register(kind):
    """Add a kind to the search."""
    KINDS[kind.name] = kind
    return kind


def discover():
    """Register the ``KINDS`` of every installed app's ``search_kinds`` module."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "search_kinds"):
            for kind in import_module(f"{config.name}.search_kinds").KINDS:
                register(kind)
