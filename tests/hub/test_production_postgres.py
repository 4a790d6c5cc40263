"""A PostgreSQL restart under the production settings, over real HTTP: gunicorn's workers
hold persistent connections (``CONN_MAX_AGE``) through a relay that is cut and restored, as a
database server's restart cuts them. Meanwhile a page no worker's page cache holds is a 503
with ``Retry-After``; afterwards the connections' health checks reconnect, with nothing to do
by hand.

Runs when the suite runs on PostgreSQL (DATABASE_URL set, as in CI's second pass).
"""

import os
import uuid

import dj_database_url
import psycopg
import pytest

from tests.deployment import Deployment, Relay

SERVER = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not SERVER.startswith(("postgres://", "postgresql://")),
    reason="needs a PostgreSQL server: set DATABASE_URL",
)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    settings = dj_database_url.parse(SERVER)
    name = f"hub_restart_{uuid.uuid4().hex[:8]}"
    server = {"host": settings["HOST"], "port": settings["PORT"] or 5432}
    admin = {"user": settings["USER"], "password": settings["PASSWORD"], "dbname": "postgres"}
    with psycopg.connect(**server, **admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    relay = Relay((server["host"], int(server["port"])))
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    site = Deployment(
        tmp_path_factory.mktemp("restart"),
        DATABASE_URL=f"postgres://{credentials}@127.0.0.1:{relay.port}/{name}",
    )
    try:
        site.made = site.prepare()
        site.start().wait_until_listening()
        site.relay = relay
        yield site
    finally:
        site.remove()
        relay.close()
        with psycopg.connect(**server, **admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_database_restart_is_a_503_with_retry_after_then_recovers(deployment):
    workers = 3  # gunicorn.conf.py: each worker opens and keeps its own connection
    for number in range(workers * 3):
        assert deployment.get(f"/events/?q=before-{number}")[0] == 200
    assert deployment.relay.pairs, "the workers keep their connections open"

    deployment.relay.cut()
    try:
        deployment.assert_back_in_a_moment("/events/?q=during")
    finally:
        deployment.relay.restore()

    answers = [deployment.get(f"/events/?q=after-{number}")[0] for number in range(workers * 3)]
    assert answers == [200] * (workers * 3)
    assert deployment.get("/healthz", headers={"Host": "127.0.0.1"})[0] == 200
    _status, _headers, body = deployment.get(deployment.made["event"])
    assert b"Coffee morning" in body
