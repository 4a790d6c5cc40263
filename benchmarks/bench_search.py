"""Benchmark the map search: near(), /search/ and /api/search.geojson, and place look-ups.

Run from the project root:

    python benchmarks/bench_search.py                 # on a fresh SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench python benchmarks/bench_search.py

A PostgreSQL database named is dropped and made afresh. It is filled with 10,000 and then 100,000
live events, each at a real postcode drawn at random from the Ordnance Survey Code-Point Open
data (so they cluster where people live, as real events do), and the searches are centred on
other random real postcodes. Prints plain lines of figures: the median and 95th percentile of
near() for radii of 1, 5 and 25 miles, of the whole /search/ page and GeoJSON responses with
their query counts, and of cold and warm postcode look-ups.
"""

import datetime
import gc
import gzip
import random
import statistics
import sys
import time
import uuid

from _setup import fresh_postgres_database, percentile, setup_django

SIZES = [10_000, 100_000]
RADII = [1, 5, 25]
NEAR_SAMPLES = 200
REQUEST_SAMPLES = 40
BATCH = 500


def ms(seconds):
    if seconds < 0.001:
        return f"{seconds * 1_000_000:.1f} us"
    return f"{seconds * 1000:.1f} ms"


def summary(times):
    return f"median {ms(statistics.median(times))}, p95 {ms(percentile(times, 0.95))}"


def real_postcodes(count, seed):
    """``count`` postcodes drawn at random from every Code-Point Open area."""
    from hub import geocoder

    postcodes = []
    for path in sorted(geocoder._data_dir().glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="ascii") as rows:
            postcodes += [row.split(",", 1)[0] for row in rows if not row.endswith(",0,0\n")]
    return random.Random(seed).sample(postcodes, count)


def located(postcodes):
    from hub import geocoder

    return [(postcode, geocoder.geocode_postcode(postcode)) for postcode in postcodes]


def insert_child_rows(model, objects):
    """Insert the EventPage half of multi-table rows whose Page half already exists
    (bulk_create refuses multi-table models), in batches, as bulk_create would."""
    from django.db import connection
    from django.db.models.sql import InsertQuery

    fields = model._meta.local_concrete_fields
    for start in range(0, len(objects), BATCH):
        query = InsertQuery(model)
        query.insert_values(fields, objects[start : start + BATCH])
        query.get_compiler(connection=connection).execute_sql()


def add_events(index, points, first_number):
    """Bulk-insert live event pages under ``index``, each with one upcoming occurrence."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from events.models import EventPage, Occurrence

    content_type = ContentType.objects.get_for_model(EventPage)
    now = timezone.now()
    today = timezone.localdate()
    rng = random.Random(first_number)
    pages, events, occurrences = [], [], []
    for number in range(first_number, first_number + len(points)):
        slug = f"bench-{number}"
        pages.append(
            Page(
                title=f"Bench event {number}",
                draft_title=f"Bench event {number}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, number),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                first_published_at=now,
                last_published_at=now,
            )
        )
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=BATCH)
        for page, (postcode, point) in zip(pages, points, strict=True):
            day = today + datetime.timedelta(days=rng.randrange(1, 60))
            start = datetime.datetime.combine(day, datetime.time(10 + rng.randrange(8)))
            start = timezone.make_aware(start)
            events.append(
                EventPage(
                    page_ptr_id=page.pk,
                    summary="A benchmark event.",
                    start_date=day,
                    start_time=start.time(),
                    postcode=postcode,
                    latitude=point.latitude,
                    longitude=point.longitude,
                    category="neighbour-day",
                )
            )
            occurrences.append(
                Occurrence(event_id=page.pk, start=start, end=start + datetime.timedelta(hours=2))
            )
        insert_child_rows(EventPage, events)
        Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)
        Page.objects.filter(pk=index.pk).update(numchild=first_number + len(points) - 1)


def bench_near(points):
    from events.models import EventPage
    from hub.locations import near

    rows = EventPage.objects.values("pk", "latitude", "longitude")
    for radius in RADII:
        times, counts = [], []
        for _, point in points:
            start = time.perf_counter()
            found = near(rows, point, radius)
            times.append(time.perf_counter() - start)
            counts.append(len(found))
        print(
            f"  near() {radius:>2} miles: {summary(times)}"
            f" (events found: median {statistics.median(counts):.0f}, max {max(counts)})"
        )


class QueryCounter:
    """Counts queries without Django's debug cursor, which would slow what is measured."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def bench_requests(points):
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.get("/search/", {"postcode": points[0][0]})  # warm the site's root paths cache
    for label, url in [("/search/", "/search/"), ("GeoJSON", "/api/search.geojson")]:
        for radius in RADII:
            times, queries, sizes = [], set(), []
            for postcode, _ in points:
                counter = QueryCounter()
                with connection.execute_wrapper(counter):
                    start = time.perf_counter()
                    response = client.get(url, {"postcode": postcode, "radius": radius})
                    times.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} {postcode}: HTTP {response.status_code}")
                queries.add(counter.count)
                sizes.append(len(response.content))
            print(
                f"  {label:<9} {radius:>2} miles: {summary(times)};"
                f" {'/'.join(map(str, sorted(queries)))} queries;"
                f" median {statistics.median(sizes) / 1024:.0f} KB"
            )


def bench_postcode_lookups():
    from hub import geocoder, places

    cold = []
    for postcode in ["B33 8TH", "SN10 1AB", "EH1 1YZ", "CF10 1EP", "M1 1AE", "LS1 4AP"]:
        geocoder.clear_cache()
        gc.collect()
        start = time.perf_counter()
        places.locate(postcode)
        cold.append(time.perf_counter() - start)
    sample = [postcode for postcode, _ in located(real_postcodes(5000, seed=3))]
    geocoder.clear_cache()
    geocoder.preload_areas()
    first, again = [], []
    for times in (first, again):
        for postcode in sample:
            start = time.perf_counter()
            places.locate(postcode)
            times.append(time.perf_counter() - start)
    print(f"  cold (first in its area, loads the area): {summary(cold)}")
    print(f"  warm, first look-up of a postcode: {summary(first)}")
    print(f"  warm, repeated: {summary(again)}")


def main():
    fresh_postgres_database()
    setup_django()
    import django
    from django.conf import settings
    from django.db import connection

    from tests.conftest import build_tree

    print(f"Python {sys.version.split()[0]}, {connection.vendor}, Django {django.get_version()}")
    tree = build_tree()
    if settings.DEBUG:
        raise RuntimeError("Benchmark with DEBUG off: it keeps every query in memory.")

    everything = located(real_postcodes(SIZES[-1], seed=1))
    searches = located(real_postcodes(NEAR_SAMPLES, seed=2))
    added = 0
    for size in SIZES:
        start = time.perf_counter()
        add_events(tree.events, everything[added:size], first_number=added + 1)
        if connection.vendor == "postgresql":  # statistics, as autovacuum would keep them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        tree.events.refresh_from_db()
        print(f"\n{size:,} events (inserted in {time.perf_counter() - start:.1f} s)")
        added = size
        bench_near(searches)
        bench_requests(searches[:REQUEST_SAMPLES])
    print("\nPostcode look-ups through hub.places.locate():")
    bench_postcode_lookups()


if __name__ == "__main__":
    main()
