"""Fetching an organisation's calendar feed without letting the address reach anything else.

The address is someone's typing, so before every request (and every redirect):

* the scheme must be ``http`` or ``https`` (a redirect to ``file:`` or anything else is
  refused);
* the host name is resolved here, every address it resolves to must be public (not private,
  loopback, link-local, reserved, multicast or unspecified), and the connection is made to the
  address that was checked, so a second DNS answer cannot swap in an internal one;
  ``CALENDAR_IMPORT_ALLOW_LOOPBACK`` lets loopback through, for tests only;
* the whole fetch has a deadline (``CALENDAR_IMPORT_TIMEOUT`` seconds, however slowly the
  server drips) and a size cap (``CALENDAR_IMPORT_MAX_BYTES``).

The last ``ETag`` and ``Last-Modified`` are sent back, so an unchanged feed costs a 304.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

MAX_REDIRECTS = 3
USER_AGENT = "NeighbourDayHub-CalendarImport/1.0"


class FetchError(Exception):
    """Why the feed could not be fetched, in a sentence for the organisation."""


@dataclass
class Fetched:
    status: int  # 200, or 304 when the feed has not changed
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def resolve(host, port):
    """Every address ``host`` resolves to."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"The address {host} could not be found.") from error
    return sorted({answer[4][0] for answer in answers})


def check_address(address):
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.is_loopback and settings.CALENDAR_IMPORT_ALLOW_LOOPBACK:
        return
    if not ip.is_global or ip.is_multicast:
        raise FetchError(
            "That address leads to a private or local network, which the hub does not fetch from."
        )


def checked_target(url):
    """(scheme, host, port, address) for ``url``, once every address of its host is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("Only http and https addresses can be fetched.")
    if not parts.hostname:
        raise FetchError("That address has no host name.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError("That address has an invalid port.") from error
    addresses = resolve(parts.hostname, port)
    for address in addresses:
        check_address(address)
    return parts.scheme, parts.hostname, port, addresses[0]


def fetch(url, etag="", last_modified=""):
    """The feed at ``url`` (following at most MAX_REDIRECTS checked redirects)."""
    deadline = time.monotonic() + settings.CALENDAR_IMPORT_TIMEOUT
    for _ in range(MAX_REDIRECTS + 1):
        response = _request(url, etag, last_modified, deadline)
        if response.status in (301, 302, 303, 307, 308):
            location = response.headers.get("Location", "")
            response.release_conn()
            if not location:
                raise FetchError("The server sent a redirect without an address.")
            url = urljoin(url, location)
            continue
        return _read(response, deadline)
    raise FetchError("The address redirects too many times.")


def _request(url, etag, last_modified, deadline):
    scheme, host, port, address = checked_target(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timeout = urllib3.Timeout(connect=_left(deadline), read=_left(deadline))
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    headers = {
        "Host": parts.netloc.rpartition("@")[2],
        "User-Agent": USER_AGENT,
        "Accept": "text/calendar, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        return pool.urlopen("GET", path, headers=headers, redirect=False, preload_content=False)
    except urllib3.exceptions.TimeoutError as error:
        raise FetchError(_timed_out()) from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"The server could not be reached ({type(error).__name__}).") from error


def _read(response, deadline):
    try:
        if response.status == 304:
            return Fetched(304)
        if response.status != 200:
            raise FetchError(f"The server answered HTTP {response.status} instead of the feed.")
        cap = settings.CALENDAR_IMPORT_MAX_BYTES
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(_too_big())
        body = bytearray()
        for chunk in response.stream(64 * 1024):
            body += chunk
            if len(body) > cap:
                raise FetchError(_too_big())
            if time.monotonic() > deadline:
                raise FetchError(_timed_out())
        return Fetched(
            200,
            bytes(body),
            etag=response.headers.get("ETag", ""),
            last_modified=response.headers.get("Last-Modified", ""),
        )
    except urllib3.exceptions.TimeoutError as error:
        raise FetchError(_timed_out()) from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"The feed could not be read ({type(error).__name__}).") from error
    finally:
        response.release_conn()


def _left(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_timed_out())
    return left


def _timed_out():
    return (
        f"The server took more than {settings.CALENDAR_IMPORT_TIMEOUT:g} seconds to send the feed."
    )


def _too_big():
    megabytes = settings.CALENDAR_IMPORT_MAX_BYTES / 1_000_000
    return f"The feed is larger than {megabytes:g} MB."
