"""``/healthz``: "ok" while the database and the cache answer, a bare 503 when not."""

import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.settings.base import redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_like(settings):
    """What the production settings add that could get in a probe's way."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["hub.example.org"]


def probe(**headers):
    """A load balancer's probe: plain HTTP, to the server's own address."""
    return Client(**headers).get("/healthz", HTTP_HOST="10.1.2.3:8001")


def test_ok_over_plain_http_at_any_host_name(production_like):
    with CaptureQueriesContext(connection) as queries:
        response = probe()
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert len(queries) == 1


def test_public_pages_are_still_redirected_to_https(production_like):
    response = Client().get("/", HTTP_HOST="hub.example.org")
    assert response.status_code == 301
    assert response["Location"] == "https://hub.example.org/"


@pytest.mark.parametrize("redis", ["stalled_redis", "dead_redis"])
def test_an_unreachable_cache_is_503_without_details(
    production_like, settings, redis, request, caplog
):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(request.getfixturevalue(redis))}
    with caplog.at_level(logging.ERROR, logger="hub.health"):
        response = probe()
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert "no-store" in response["Cache-Control"]
    assert any("cache" in record.getMessage() for record in caplog.records)
