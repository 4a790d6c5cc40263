"""gunicorn as production runs it: the first request after a (re)start, /healthz, and a postcode
search while six place-name searches wait on a slow geocoder.

Compares the command the README used to give (sync workers, the app loaded by each worker
after the port is open) with `gunicorn -c gunicorn.conf.py` (threads, preload). Figures only;
run with `make bench`.
"""

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.deployment import Deployment, SlowGeocoder  # noqa: E402

COMMANDS = {
    "sync, 3 workers (README before)": ("hub.wsgi", "--workers", "3"),
    "gunicorn.conf.py (gthread 3x4, preload)": ("-c", "gunicorn.conf.py"),
}
PROBE = {"Host": "127.0.0.1"}


def first_request(site, arguments):
    site.start(*arguments)
    listening = site.wait_until_listening()
    started = time.perf_counter()
    status = site.get("/")[0]
    first = time.perf_counter() - started
    second_started = time.perf_counter()
    site.get("/")
    second = time.perf_counter() - second_started
    if status != 200:
        raise RuntimeError(f"the home page answered {status}")
    return listening, first, second


def healthz(site):
    times = []
    for _ in range(50):
        started = time.perf_counter()
        site.get("/healthz", headers=PROBE)
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def postcode_while_places_wait(site, geocoder, round_name):
    geocoder.asked.clear()
    geocoder.count = 0
    waiting = [
        # Names never looked up before (an answer would be kept), and without digits (which
        # would make them postcodes).
        threading.Thread(target=site.get, args=(f"/search/?postcode=Slow{round_name}{name}",))
        for name in "abcdef"
    ]
    for thread in waiting:
        thread.start()
    geocoder.asked.wait(10)
    time.sleep(0.5)  # every worker that can is now waiting on the geocoder
    started = time.perf_counter()
    site.get("/search/?postcode=SN10+1AB")
    took = time.perf_counter() - started
    for thread in waiting:
        thread.join()
    return took


def main():
    geocoder = SlowGeocoder(seconds=4)
    site = Deployment(tempfile.mkdtemp(prefix="hub-bench-gunicorn-"), **geocoder.environment)
    try:
        site.prepare()
        for round_name, (label, arguments) in zip("xyz", COMMANDS.items(), strict=False):
            listening, first, second = first_request(site, arguments)
            median, worst = healthz(site)
            postcode = postcode_while_places_wait(site, geocoder, round_name)
            site.stop()
            print(f"{label}:")
            print(f"  port open after start        {listening * 1000:7.0f} ms")
            print(f"  first request after that     {first * 1000:7.0f} ms")
            print(f"  the second request           {second * 1000:7.0f} ms")
            print(f"  /healthz median / worst      {median * 1000:7.1f} ms / {worst * 1000:.1f} ms")
            print(f"  postcode search, places slow {postcode * 1000:7.0f} ms")
    finally:
        site.remove()
        geocoder.close()


if __name__ == "__main__":
    main()
