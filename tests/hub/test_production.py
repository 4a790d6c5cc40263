"""The production settings over real HTTP: gunicorn with gunicorn.conf.py on 127.0.0.1,
requests as the TLS proxy forwards them (``X-Forwarded-Proto: https``)."""

import json
import re
import threading
import time

import pytest
from defusedxml import ElementTree

from tests.deployment import PROXIED, PUBLIC, Deployment, SlowGeocoder


@pytest.fixture(scope="module")
def geocoder():
    stand_in = SlowGeocoder(seconds=16)
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, geocoder):
    site = Deployment(tmp_path_factory.mktemp("production"), **geocoder.environment)
    site.made = site.prepare()
    site.start().wait_until_listening()
    yield site
    site.remove()


def html(deployment, path):
    status, headers, body = deployment.get(path)
    assert status == 200, path
    return headers, body.decode()


def test_a_logo_rendition_and_a_document_are_served(deployment):
    _headers, page = html(deployment, "/partners/")
    [logo] = re.findall(r'<img[^>]+src="([^"]+)"', page)
    assert logo.startswith("/media/images/logo-st-marys")
    status, headers, body = deployment.get(logo)
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG")
    status, headers, body = deployment.get(deployment.made["document"])
    assert status == 200
    assert body == b"Minutes of the meeting"


def test_healthz_answers_a_plain_http_probe(deployment):
    status, headers, body = deployment.get("/healthz", headers={"Host": "127.0.0.1"})
    assert (status, body) == (200, b"ok\n")
    assert "no-store" in headers["Cache-Control"]


def test_public_pages_have_a_strict_content_security_policy(deployment):
    headers, _page = html(deployment, "/")
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' https://tile.openstreetmap.org" in policy
    assert "unsafe-inline" not in policy
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_sitemap_json_ld_and_feeds_agree_on_the_public_address(deployment):
    _headers, sitemap = html(deployment, "/sitemap.xml")
    addresses = [loc.text for loc in ElementTree.fromstring(sitemap).findall(".//{*}loc")]
    _headers, event = html(deployment, deployment.made["event"])
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', event, re.S).group(1))
    addresses += [data["url"], data["organizer"]["url"], *data["image"]]
    addresses += re.findall(r'property="og:url" content="([^"]+)"', event)
    _headers, feed = html(deployment, "/events/feed.ics")
    addresses += re.findall(
        r"^(?:URL|SOURCE)[;:].*?(https?://\S+)", feed.replace("\r\n ", ""), re.M
    )
    assert len(addresses) >= 8
    assert [url for url in addresses if not url.startswith(PUBLIC + "/")] == []
    assert f"{PUBLIC}{deployment.made['event']}" in addresses


def test_slow_place_names_never_hold_up_a_postcode_search(deployment, geocoder):
    """Six place-name searches wait on a geocoder that takes 16 s (the hub gives up at 8 s,
    long enough for a loaded machine to answer the postcode search first); each worker lets
    two of its threads wait on it and tells the rest at once that it is busy, so a postcode
    search meanwhile, which needs no network, finds a free thread whichever worker takes it."""
    waiting = [
        threading.Thread(target=deployment.get, args=(f"/search/?postcode=Slow{name}",))
        for name in "abcdef"
    ]
    for thread in waiting:
        thread.start()
    assert geocoder.asked.wait(10)
    started = time.perf_counter()
    status, _headers, body = deployment.get("/search/?postcode=SN10+1AB")
    took = time.perf_counter() - started
    still_waiting = sum(thread.is_alive() for thread in waiting)
    for thread in waiting:
        thread.join()
    assert status == 200
    assert b"SN10 1AB" in body
    # Answered while place-name searches still waited on the geocoder, not after they gave up.
    assert still_waiting > 0, f"the postcode search took {took:.2f} s"


def test_a_lost_database_is_a_503_with_retry_after_then_recovers(deployment):
    """The database file goes away (SQLite's "unreachable"), then comes back. The page asked
    for has never been asked for, so no worker's page cache can answer it."""
    files = [
        deployment.database.with_name(deployment.database.name + end)
        for end in ("", "-wal", "-shm")
    ]
    aside = [path.with_name(path.name + ".aside") for path in files]
    for path, moved in zip(files, aside, strict=True):
        if path.exists():
            path.rename(moved)
    try:
        deployment.assert_back_in_a_moment("/events/?q=never-asked-before")
    finally:
        for path, moved in zip(files, aside, strict=True):
            path.unlink(missing_ok=True)
            if moved.exists():
                moved.rename(path)
    assert deployment.get("/events/?q=never-asked-before")[0] == 200
    assert deployment.get("/healthz", headers={"Host": "127.0.0.1"})[0] == 200


def test_requests_without_the_proxy_header_are_sent_to_https(deployment):
    status, headers, _body = deployment.get("/", headers={"Host": PROXIED["Host"]})
    assert status == 301
    assert headers["Location"] == f"{PUBLIC}/"
