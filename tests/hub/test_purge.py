"""CDN purging on publish (hub.purge and wagtail.contrib.frontend_cache), against a stand-in
purge server on 127.0.0.1 that records what it was asked to purge."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from events.factories import EventPageFactory
from partners.factories import ProjectPageFactory
from partners.models import ProjectEvent
from tests.partners.conftest import build_partner_site


@pytest.fixture
def purge_server():
    """A caching proxy's purge endpoint: records (method, Host, path) of every request."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
            asked.append((self.command, self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.asked = asked
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(tree):
    return build_partner_site(tree)


def publish_an_event(site):
    event = EventPageFactory(parent=site.events, title="Soup night", organiser=site.org_a)
    project = ProjectPageFactory(parent=site.partnerships, title="Food bank")
    ProjectEvent.objects.create(project=project, event=event)
    event.title = "Soup and bread night"
    return event, project


def test_publishing_an_event_purges_exactly_the_pages_that_show_it(site, purge_server, settings):
    event, project = publish_an_event(site)
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{purge_server.server_port}",
        }
    }
    event.save_revision().publish()
    organiser = site.org_a.url
    assert sorted(purge_server.asked) == sorted(
        ("PURGE", site.site.hostname, path)
        for path in [
            event.url,  # the event, and its calendar file
            f"{event.url}event.ics",
            "/events/",  # the listing, its past events and its feed
            "/events/past/",
            "/events/feed.ics",
            "/",  # the home page's upcoming events
            organiser,  # the organiser's page and feed
            f"{organiser}feed.ics",
            project.url,  # the project it belongs to
        ]
    )


def test_nothing_is_purged_unless_a_backend_is_configured(site, purge_server, settings):
    assert settings.WAGTAILFRONTENDCACHE == {}
    event, _ = publish_an_event(site)
    event.save_revision().publish()
    assert purge_server.asked == []
