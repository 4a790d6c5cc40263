"""Neighbour Day at the Big Lunch's scale: 200,000 registered gatherings.

    python benchmarks/bench_neighbourday.py             # 200,000 gatherings
    python benchmarks/bench_neighbourday.py 20000       # another size

Prints the median and p95 of /neighbour-day/, the stats JSON and the map data, both as a
visitor gets them from the page cache (warm) and as they are built (cold: a new cache
generation before every request), with their query counts; the time to confirm one
registration with its counts (a "just our street" one, and an open one, which queues its event
page); the time the worker then takes to publish that page; and how the home page and
/neighbour-day/ are served right after each "just our street" confirmation (the counts have a
page cache scope of their own: the home page stays cached, /neighbour-day/ is built again).
"""

import datetime
import random
import statistics
import sys
import time

from _setup import cpu_reference, percentile, setup_django, timed
from bench_events import measure

REPEAT = 40
AREAS = [
    "SN",
    "BA",
    "BS",
    "OX",
    "E",
    "SE",
    "B",
    "M",
    "LS",
    "S",
    "NE",
    "YO",
    "L",
    "NG",
    "LE",
    "NR",
    "EX",
    "PL",
    "CB",
    "BN",
    "CF",
    "SA",
    "SY",
    "EH",
    "G",
    "AB",
    "DD",
    "IV",
    "BD",
    "TR",
]
BUSY_DISTRICT_OPEN = 300  # open gatherings with event pages in the district the map shows


def seed(tree, size):
    from hub import geocoder
    from neighbourday import tasks
    from neighbourday.choices import ESTIMATES, Kind, People, Status
    from neighbourday.models import AreaCount, Gathering
    from neighbourday.registration import confirm

    rng = random.Random(size)
    postcodes = [p for area in AREAS for p in geocoder.postcodes_in(area)[::40]]
    day = tree.day
    batch = []
    for number in range(size):
        postcode = postcodes[number % len(postcodes)]
        point = geocoder.geocode_postcode(postcode)
        roll = rng.random()
        status = (
            Status.CONFIRMED
            if roll < 0.9
            else (Status.CANCELLED if roll < 0.95 else Status.UNCONFIRMED)
        )
        district = postcode.split()[0]
        batch.append(
            Gathering(
                kind=rng.choice(Kind.values),
                date=day,
                start_time=datetime.time(12),
                end_time=datetime.time(16),
                street="High Street",
                postcode=postcode,
                district=district,
                area="".join(ch for ch in district[:2] if ch.isalpha()),
                latitude=point.latitude,
                longitude=point.longitude,
                people=rng.choice(People.values),
                open_to_everyone=rng.random() < 0.4,
                organiser_name="Bench",
                organiser_email=f"bench{number}@example.org",
                status=status,
            )
        )
        if len(batch) == 5000:
            Gathering.objects.bulk_create(batch)
            batch = []
    Gathering.objects.bulk_create(batch)
    # The stored counts, as confirmations would have left them.
    rows = {}
    for district, area, people, is_open in (
        Gathering.objects.counted()
        .values_list("district", "area", "people", "open_to_everyone")
        .iterator()
    ):
        row = rows.setdefault(district, [area, 0, 0, 0])
        row[1] += 1
        row[2] += int(is_open)
        row[3] += ESTIMATES[People(people)]
    AreaCount.objects.bulk_create(
        AreaCount(
            year=day.year,
            district=district,
            area=area,
            latitude=geocoder.geocode_postcode(district).latitude,
            longitude=geocoder.geocode_postcode(district).longitude,
            gatherings=gatherings,
            open_gatherings=open_ones,
            people=people,
        )
        for district, (area, gatherings, open_ones, people) in rows.items()
    )
    # One busy district's open gatherings as published event pages, for its map data.
    busy = geocoder.postcodes_in("SN10")
    for number in range(BUSY_DISTRICT_OPEN):
        gathering = Gathering.objects.create(
            kind="park",
            date=day,
            start_time=datetime.time(12),
            end_time=datetime.time(16),
            street=f"Street {number}",
            postcode=busy[number % len(busy)],
            people="21-50",
            open_to_everyone=True,
            organiser_name="Bench",
            organiser_email=f"busy{number}@example.org",
        )
        confirm(gathering, tree.site)
        tasks.sync_page.call(gathering.pk, tree.site.pk)  # as the worker does
    return "SN10"


def _unconfirmed(tree, Gathering, open_to_everyone, name):
    return Gathering.objects.create(
        kind="driveways",
        date=tree.day,
        start_time=datetime.time(12),
        end_time=datetime.time(16),
        street=f"Timing Road {name}",
        postcode="BA1 1LZ",
        people="up-to-20",
        open_to_everyone=open_to_everyone,
        organiser_name="Bench",
        organiser_email=f"{name}{open_to_everyone}@example.org",
    )


def after_confirming(client, tree, repeat=REPEAT):
    """For the home page and /neighbour-day/, requested right after each "just our street"
    confirmation: how many were served from the page cache, and their median time."""
    from django.db import transaction

    from hub import pagecache
    from neighbourday.models import Gathering
    from neighbourday.registration import confirm

    urls = ("/", "/neighbour-day/")
    for url in urls:
        client.get(url)  # warm
    found = {url: ([], []) for url in urls}
    for number in range(repeat):
        gathering = _unconfirmed(tree, Gathering, False, f"after{number}")
        with transaction.atomic():
            confirm(gathering, tree.site)
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            found[url][0].append((time.perf_counter() - started) * 1000)
            found[url][1].append(response[pagecache.CACHE_HEADER])
    return {
        url: (statistics.median(times), outcomes.count("hit"), len(outcomes))
        for url, (times, outcomes) in found.items()
    }


def confirm_times(tree, open_to_everyone, repeat=30):
    """Median and p95 of confirming (in the request), and of the page task the worker runs
    afterwards (None for a "just our street" gathering, which has no page)."""
    from django.db import transaction

    from neighbourday import tasks
    from neighbourday.models import Gathering
    from neighbourday.registration import confirm

    samples, page_samples = [], []
    for number in range(repeat):
        gathering = _unconfirmed(tree, Gathering, open_to_everyone, f"timing{number}")
        started = time.perf_counter()
        with transaction.atomic():
            confirm(gathering, tree.site)
        samples.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        tasks.sync_page.call(gathering.pk, tree.site.pk)
        page_samples.append((time.perf_counter() - started) * 1000)
    page = (statistics.median(page_samples), percentile(page_samples, 0.95))
    return statistics.median(samples), percentile(samples, 0.95), page if open_to_everyone else None


def main(size):
    setup_django()
    from django.test.utils import override_settings

    # Background work (e-mail, rebuilding feeds after a publish) is queued for the worker,
    # as in production, not run inside the timed confirmation.
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ).enable()
    from django.db import connection, transaction
    from django.test import Client

    from hub import pagecache
    from neighbourday.models import Gathering
    from tests.neighbourday.conftest import build_nd_tree

    print(f"CPU reference: {cpu_reference():.0f} ms; database: {connection.vendor}")
    with transaction.atomic():
        tree = build_nd_tree()
    started = time.perf_counter()
    with transaction.atomic():
        district = seed(tree, size)
    print(
        f"{Gathering.objects.count():,} gatherings "
        f"({Gathering.objects.counted().count():,} counted), "
        f"seeded in {time.perf_counter() - started:.0f} s"
    )
    client = Client(HTTP_HOST="localhost")
    for label, url in [
        ("/neighbour-day/", "/neighbour-day/"),
        ("/neighbour-day/?sort=people", "/neighbour-day/?sort=people"),
        ("stats.json", "/api/neighbour-day/stats.json"),
        ("districts.geojson (country map)", "/api/neighbour-day/districts.geojson"),
        (
            f"gatherings.geojson ({district})",
            f"/api/neighbour-day/gatherings.geojson?district={district}",
        ),
    ]:
        median, p95, queries = measure(client, url)
        cold_median, cold_p95 = timed(
            lambda url=url: (pagecache.changed(), client.get(url)), REPEAT
        )
        print(
            f"  {label:<34} warm median {median:6.1f} ms  p95 {p95:6.1f} ms   "
            f"cold median {cold_median:6.1f} ms  p95 {cold_p95:6.1f} ms  {queries} queries (cold)"
        )
    for label, is_open in (("street-only", False), ("open (queues its page)", True)):
        median, p95, page = confirm_times(tree, is_open)
        print(f"  confirm one, {label:<26} median {median:6.1f} ms  p95 {p95:6.1f} ms")
        if page:
            print(
                f"    then the worker publishes its page  median {page[0]:6.1f} ms  "
                f"p95 {page[1]:6.1f} ms"
            )
    print("  right after each street-only confirmation:")
    for url, (median, hits, requests) in after_confirming(client, tree).items():
        print(
            f"    {url:<32} median {median:6.1f} ms  served from the page cache {hits}/{requests}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
