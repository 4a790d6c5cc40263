"""A stand-in web server on 127.0.0.1 that serves calendar feeds as real hosts do: with ETags,
304s, redirects, errors and a server that never finishes answering."""

import contextlib
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FeedServer:
    def __init__(self):
        self.routes = {}  # path: dict(body=bytes, status=int, headers=dict, delay=float)
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.get("delay"):
                    time.sleep(route["delay"])
                body = route.get("body", b"")
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                status = route.get("status", 200)
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                for name, value in route.get("headers", {}).items():
                    self.send_header(name, value)
                if status == 200:
                    self.send_header("Content-Type", "text/calendar; charset=utf-8")
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # The hub may stop reading (too big), as real servers see it do.
                with contextlib.suppress(ConnectionError):
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path, body=b"", **route):
        self.routes[path] = {"body": body.encode() if isinstance(body, str) else body, **route}
        return self.url(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
