"""A production deployment on this machine, as the README describes it, for tests and benchmarks.

The production settings from the environment, a throw-away SQLite database, MEDIA_ROOT and
STATIC_ROOT, ``collectstatic``, and gunicorn on a free port of 127.0.0.1; requests arrive as
the TLS proxy forwards them (plain http, ``X-Forwarded-Proto: https``, the public host name).
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_HOST = "hub.example.org"
PUBLIC = f"https://{PUBLIC_HOST}"
# What the proxy adds to every request it passes on.
PROXIED = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}

# A small site: the page tree the tests use, a partner with a logo, a document and an event.
CONTENT = """
import json
from wagtail.documents.models import Document
from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from events.factories import EventPageFactory
from tests.conftest import build_tree

tree = build_tree()
logo = Image.objects.create(title="Logo", file=get_test_image_file(filename="logo-st-marys.png"))
tree.organisation.logo = logo
tree.organisation.save_revision().publish()
event = EventPageFactory(parent=tree.events, title="Coffee morning", postcode="SN10 1BT",
                         organiser=tree.organisation, image=logo)
document = Document.objects.create(title="Minutes", file=ContentFile(b"Minutes of the meeting",
                                   "minutes.txt"))
print(json.dumps({"event": event.url, "organisation": tree.organisation.url,
                  "document": document.url}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Deployment:
    def __init__(self, folder, **environment):
        self.folder = Path(folder)
        self.database = self.folder / "hub.sqlite3"
        self.environment = {
            **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
            "DJANGO_SETTINGS_MODULE": "hub.settings.production",
            "SECRET_KEY": "a-real-secret-key-of-fifty-characters-or-more-1234567890abcdef",
            "PASSPORT_ENCRYPTION_KEY": "cGFzc3BvcnQta2V5LWZvci1kZXBsb3ltZW50LXRlc3Q=",
            "ALLOWED_HOSTS": PUBLIC_HOST,
            "CSRF_TRUSTED_ORIGINS": PUBLIC,
            "SITE_URL": PUBLIC,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "MEDIA_ROOT": str(self.folder / "media"),
            "STATIC_ROOT": str(self.folder / "static"),
            "CLIENT_IP_HEADER": "X-Forwarded-For",
            "REDIS_URL": "",
            **environment,
        }
        self.process = None
        self.port = None

    def manage(self, *args):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(result.stdout + result.stderr)
        return result.stdout

    def prepare(self):
        """Migrate, collect the static files and add the content; what it made, by name."""
        import json

        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        return json.loads(self.manage("shell", "-c", CONTENT).strip().splitlines()[-1])

    def start(self, *arguments):
        """gunicorn with the repository's gunicorn.conf.py, or with ``arguments`` alone."""
        self.port = free_port()
        command = arguments or ("-c", "gunicorn.conf.py")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("gunicorn")),
                *command,
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.started = time.perf_counter()
        return self

    def wait_until_listening(self, seconds=60):
        """Seconds from start until the port accepts a connection."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("gunicorn did not start")

    def get(self, path, headers=None, timeout=30):
        """(status, headers, body) of one request to the server."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=PROXIED if headers is None else headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def assert_back_in_a_moment(self, path):
        """``path`` (never asked before, so no page cache holds it) and the health probe
        answer 503, with the "back in a moment" page and ``Retry-After``."""
        status, headers, body = self.get(path)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert b"We will be back in a moment" in body
        assert self.get("/healthz", headers={"Host": "127.0.0.1"})[0] == 503

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def remove(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class SlowGeocoder:
    """A stand-in Nominatim on 127.0.0.1 that takes ``seconds`` to answer anything."""

    def __init__(self, seconds):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stand_in.count += 1
                stand_in.asked.set()
                time.sleep(seconds)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b"[]")
                except OSError:  # the hub gave up waiting
                    pass

            def log_message(self, *args):
                pass

        self.asked = threading.Event()
        self.count = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.environment = {
            "GEOCODER_USER_AGENT": "neighbour-day-hub tests (tests@example.org)",
            "GEOCODER_DOMAIN": f"127.0.0.1:{self.server.server_address[1]}",
            "GEOCODER_SCHEME": "http",
            "GEOCODER_TIMEOUT": str(seconds / 2),  # the hub gives up halfway
            "GEOCODER_MIN_DELAY_SECONDS": "0",
            "PLACE_LOOKUPS_PER_MINUTE": "100",
        }

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def hang_up(end):
    """Shut a socket down both ways, if it is still open."""
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)


class Relay:
    """A TCP relay on 127.0.0.1 in front of ``target`` (host, port) that can be cut, as a
    database server's restart or a network fault cuts an app server off: :meth:`cut` drops
    every open connection and refuses new ones until :meth:`restore`."""

    def __init__(self, target):
        import threading

        self.target = target
        self.open = threading.Event()
        self.open.set()
        self.pairs = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import threading

        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                hang_up(end)

    def cut(self):
        self.open.clear()
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for end in pair:
                hang_up(end)
                end.close()

    def restore(self):
        self.open.set()

    def close(self):
        self.cut()
        self.listener.close()
