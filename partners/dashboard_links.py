"""The partner dashboard's menu: the dashboard's own links, and those the apps above add.

An app with pages in the dashboard (the needs of ``needs``) registers a link from its
``ready()`` with :func:`register`, as partners cannot import it; the menu (the
``dashboard_links`` tag of ``partners_dashboard``) lists them in the order registered.
"""

_links = []


def register(label, url_name):
    """Add a link to the menu, to the view named ``url_name`` (no arguments)."""
    if (label, url_name) not in _links:
        _links.append((label, url_name))


def links():
    return list(_links)
