import socket
import threading
from types import SimpleNamespace

import pytest
from django.conf import settings
from wagtail.models import Locale, Page, Site

from events.factories import EventIndexPageFactory
from home.factories import HomePageFactory
from hub.addresses import site_fields
from hub.models import HubSettings
from partners.factories import OrganisationPageFactory, PartnerIndexPageFactory


def build_tree():
    """The page tree every site has: home, the event listing and the partner directory."""
    root = Page.get_first_root_node() or _root_after_flush()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    site = Site.objects.create(
        **site_fields(settings.SITE_URL), root_page=home, is_default_site=True, site_name="Hub"
    )
    events = EventIndexPageFactory(parent=home, show_in_menus=True)
    partners = PartnerIndexPageFactory(parent=home, show_in_menus=True)
    organisation = OrganisationPageFactory(parent=partners, title="St Mary's Church")
    return SimpleNamespace(
        site=site,
        home=home,
        events=events,
        partners=partners,
        organisation=organisation,
        settings=HubSettings.for_site(site),
    )


def _root_after_flush():
    """The locale and root page Wagtail's migrations make, which a transactional test's flush
    removed (browser tests use transactional_db, so the second one in a run needs this)."""
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


class StalledServer:
    """A TCP server on 127.0.0.1 that accepts connections and never answers (a paused Redis)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def stalled_redis():
    """The address of a "Redis" that accepts connections and never answers."""
    server = StalledServer()
    yield f"redis://127.0.0.1:{server.port}/0"
    server.close()


@pytest.fixture
def dead_redis():
    """The address of a Redis that is not there: a port nothing listens on."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"
