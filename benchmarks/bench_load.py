"""The production stack under load: gunicorn, PostgreSQL and Redis, driven by wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub_load REDIS_URL=redis://127.0.0.1:6379/5 \
        python benchmarks/bench_load.py [--duration 10] [--concurrency 8 32] [--events 1000]

The PostgreSQL database named is dropped and made afresh and the Redis database is emptied.
The site is the demo (``load_demo``) grown to ``--events`` events, with static files collected
as in production. gunicorn serves it with the production settings and 3 workers (as the README
runs it) on a free port of 127.0.0.1; every request says ``X-Forwarded-Proto: https``, as a
TLS-terminating proxy would, and ``Accept-Encoding: gzip``, as browsers do.

Needs wrk (Debian: ``apt-get install -y wrk``). For each address it prints:

- the first request after every cache has been emptied (the median and worst of 5, each after
  a ``FLUSHDB``), with the processes already warm;
- for each concurrency, a fixed time of wrk with one thread: requests per second, p50, p95 and
  p99 latency, errors (socket errors and responses other than 2xx/3xx), and the throughput as
  a share of the static file's, which is served by the same stack in the same run and chosen
  to be about the size of the home page (the floor).

The machine's load average is printed before and after each block: on a shared machine,
compare figures from runs made back to back. Targets on a 2-core machine: every cached
anonymous page within 2x of the static file's throughput, p95 under 50 ms at concurrency 8,
no errors, and the first request of any page under 300 ms.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from _setup import ROOT, cpu_reference, fresh_postgres_database, setup_django

PAGES = [
    ("/", "/"),
    ("/events/", "/events/"),
    ("/events/ near SN10 1AB", "/events/?postcode=SN10+1AB&radius=5"),
    ("event page", None),  # filled in: a demo event
    ("/events/feed.ics", "/events/feed.ics"),
    ("/search/ near SN10 1AB", "/search/?postcode=SN10+1AB&radius=5"),
    ("GeoJSON of that search", "/api/search.geojson?postcode=SN10+1AB&radius=5"),
]
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
COLD_SAMPLES = 5
WORKERS = 3

# wrk calls done() once at the end; latencies are in microseconds.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--events", type=int, default=1_000, help="events the site is grown to")
    return parser.parse_args()


def require_environment():
    if not shutil.which("wrk"):
        raise SystemExit("bench_load needs wrk: apt-get install -y wrk (Debian's package)")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database the benchmark may drop.")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL to a Redis database the benchmark may empty.")


def load_average():
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def build_site(events):
    """The demo, grown to ``events`` events, and the static files collected."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.production"
    fresh_postgres_database()
    setup_django()
    from bench_events import seed
    from django.core.management import call_command
    from django.db import connection

    from events.models import EventIndexPage, EventPage
    from home import demo

    demo.build()
    index = EventIndexPage.objects.get()
    demo_events = EventPage.objects.count()
    seed(SimpleNamespace(events=index), events, demo_events)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    call_command("collectstatic", interactive=False, verbosity=0)
    event = EventPage.objects.live().public().filter(slug__startswith="event-").first()
    print(f"Site: the demo and {EventPage.objects.count():,} events in all")
    return event.url


def empty_redis():
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5).flushdb()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, log):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://localhost",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(  # noqa: S603 (our own gunicorn and arguments)
        [str(gunicorn), "hub.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def get(port, path, headers=HEADERS):
    """Status, headers and body of one request, and how long it took in milliseconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return response.status, response.headers, body, (time.perf_counter() - started) * 1000


def wait_until_up(port, path, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting: see its log above")
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def static_floor(home_size):
    """The collected static file (CSS, JS or SVG) whose size is nearest the home page's."""
    from django.conf import settings

    root = Path(settings.STATIC_ROOT)
    hashed = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg)$")
    candidates = [path for path in root.rglob("*") if hashed.search(path.name)]
    nearest = min(candidates, key=lambda path: abs(path.stat().st_size - home_size))
    return settings.STATIC_URL + nearest.relative_to(root).as_posix()


def cold(port, path):
    """The first request after every cache is emptied: median and worst, in milliseconds."""
    times = []
    for _ in range(COLD_SAMPLES):
        empty_redis()
        status, _, _, elapsed = get(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        times.append(elapsed)
    return statistics.median(times), max(times)


def wrk(base, path, concurrency, duration, script):
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{duration}s", "-s", script]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 (wrk, with our own arguments)
        [*command, base + path], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.MULTILINE)
    requests, duration_us, p50, p95, p99, errors = map(int, found.groups())
    return requests / (duration_us / 1_000_000), p50 / 1000, p95 / 1000, p99 / 1000, errors


def main():
    options = arguments()
    require_environment()
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("PASSPORT_ENCRYPTION_KEY", "YmVuY2htYXJrLW9ubHktcGFzc3BvcnQta2V5LTMyYiE=")
    print(f"CPU reference: {cpu_reference():.0f} ms; {load_average()}")
    event_url = build_site(options.events)
    pages = [(label, path or event_url) for label, path in PAGES]
    empty_redis()
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", prefix="hub-gunicorn-", suffix=".log") as log:
        server = start_gunicorn(port, log)
        try:
            wait_until_up(port, "/robots.txt", server)
            for _, path in pages:  # every worker compiles its templates and fills its caches
                for _ in range(WORKERS * 2):
                    get(port, path)
            home = get(port, "/", {"X-Forwarded-Proto": "https"})[2]  # not compressed
            floor = static_floor(len(home))
            run(port, pages, floor, options)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.seek(0)
            errors = [line for line in log if "Traceback" in line or "ERROR" in line]
            if errors:
                print(f"gunicorn logged {len(errors)} errors, the first: {errors[0].strip()}")


def run(port, pages, floor, options):
    base = f"http://127.0.0.1:{port}"
    print(f"Static floor: {floor}")
    print(f"\nFirst request after every cache is emptied ({COLD_SAMPLES} samples)")
    for label, path in pages:
        median, worst = cold(port, path)
        print(f"  {label:<26} median {median:6.1f} ms  worst {worst:6.1f} ms")
    empty_redis()
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        for concurrency in options.concurrency:
            print(f"\nConcurrency {concurrency}, {options.duration} s each; {load_average()}")
            print(f"  {'':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} errors")
            static = wrk(base, floor, concurrency, options.duration, script.name)
            rows = [("static file (floor)", static)]
            for label, path in pages:
                rows.append((label, wrk(base, path, concurrency, options.duration, script.name)))
            for label, (rate, p50, p95, p99, errors) in rows:
                share = f"{static[0] / rate:4.1f}x floor" if rate else ""
                print(
                    f"  {label:<26} {rate:8.0f} {p50:8.1f} {p95:8.1f} {p99:8.1f} "
                    f"{errors:6d}  {share}"
                )
            print(f"  after: {load_average()}")


if __name__ == "__main__":
    main()
