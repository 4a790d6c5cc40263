"""The page cache across processes: two gunicorn servers on one PostgreSQL database and one
Redis, as two app servers behind a load balancer are. A page one server kept is served by the
other, and after every kind of change (made here, as an editor's request would make it) the
next anonymous request to either server sees it.

Runs when the suite runs on PostgreSQL with Redis (DATABASE_URL and REDIS_URL set, as in CI's
second pass): a per-process cache or an in-memory database cannot be shared.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import dj_database_url
import pytest
from django.db import connection

from hub import pagecache
from tests.conftest import build_tree
from tests.partners.conftest import build_partner_site

from .changes import CHANGES, check

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL")
    or not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs a shared database and cache: set DATABASE_URL (PostgreSQL) and REDIS_URL",
)

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn process serving the site with the test settings."""

    def __init__(self, database_url):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [str(gunicorn), "hub.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "hub.settings.test",
                "DATABASE_URL": database_url,
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                return self.get("/robots.txt")
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    def get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Host": "localhost"})
            response = conn.getresponse()
            return SimpleNamespace(
                status_code=response.status, content=response.read(), headers=response.headers
            )
        finally:
            conn.close()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        settings = connection.settings_dict
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    database_url = (
        f"postgres://{url['USER']}@{url['HOST']}:{url['PORT'] or 5432}/{settings['NAME']}"
    )
    started = [Server(database_url), Server(database_url)]
    try:
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the editors' groups
@pytest.mark.parametrize("name", list(CHANGES))
def test_both_servers_see_every_change_at_once(servers, name):
    first, second = servers
    site = build_partner_site(build_tree())
    change = CHANGES[name](site)
    assert first.get(change.url).headers[pagecache.CACHE_HEADER] == "miss"
    kept = second.get(change.url)
    assert kept.headers[pagecache.CACHE_HEADER] == "hit"  # kept by the other server
    check(kept, change, after=False)
    change.make()
    check(second.get(change.url), change, after=True)
    check(first.get(change.url), change, after=True)
