"""One log line per request (hub.requestlog): what was asked, how it ended, how long it took,
and nothing that could say who asked."""

import logging
import re

import pytest

LINE = re.compile(
    r"^method=(?P<method>\S+) path=(?P<path>\S+) status=(?P<status>\d+) "
    r"duration_ms=(?P<ms>\d+\.\d) cache=(?P<cache>\S+)$"
)


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="hub.requests")

    def read():
        found = [r.getMessage() for r in caplog.records if r.name == "hub.requests"]
        caplog.clear()
        return [LINE.match(line).groupdict() for line in found]

    return read


def test_one_line_per_request_with_status_duration_and_cache(client, tree, lines):
    client.get("/events/")
    client.get("/events/")
    client.get("/no-such-page/")
    client.post("/events/")
    first, second, missing, posted = lines()
    assert first == {**first, "method": "GET", "path": "/events/", "status": "200", "cache": "miss"}
    assert second["cache"] == "hit" and float(second["ms"]) >= 0
    assert missing["status"] == "404" and posted["method"] == "POST"
    assert posted["cache"] == "skip"


def test_no_query_string_and_no_email_address_is_logged(client, tree, lines, caplog):
    caplog.set_level(logging.INFO, logger="hub.requests")
    client.get("/events/", {"postcode": "SN10 1AB", "q": "jo.bloggs@example.org"})
    client.get("/partners/jo.bloggs@example.org/")
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "hub.requests")
    assert "SN10" not in text and "example.org" not in text and "bloggs" not in text
    listing, guessed = lines()
    assert listing["path"] == "/events/"
    assert guessed["path"] == "/partners/[email]/"
