"""Event listing and event page: render times and query counts for 1,000 and 10,000 events.

    python benchmarks/bench_events.py            # N = 1,000 and 10,000
    python benchmarks/bench_events.py 500 2000   # other sizes

Target on a 2-core machine: the listing's p95 under 150 ms at N = 10,000, at most 15 queries.
"""

import datetime
import random
import sys
import time

from _setup import setup_django, timed

REPEAT = 40


def seed(tree, total, start_number):
    """Add events until there are ``total``, spread over a year and 30 real postcodes."""
    from events.choices import Category
    from events.models import EventPage
    from home.demo import TOWNS

    rng = random.Random(total)
    today = datetime.date.today()
    categories = [choice for choice, _ in Category.choices]
    for number in range(start_number, total):
        town, postcode, venue = TOWNS[number % len(TOWNS)]
        repeats = number % 10 == 0
        page = EventPage(
            title=f"{town} event {number}",
            slug=f"event-{number}",
            summary="Meet the neighbours.",
            start_date=today + datetime.timedelta(days=rng.randrange(365)),
            start_time=datetime.time(rng.choice([10, 14, 18])),
            end_time=datetime.time(rng.choice([20, 21])),
            repeat="weekly" if repeats else "",
            repeat_count=8 if repeats else None,
            venue_name=venue,
            postcode=postcode,
            category=categories[number % len(categories)],
            is_free=number % 3 != 0,
            step_free=number % 2 == 0,
        )
        tree.events.add_child(instance=page)


def measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    median, p95 = timed(lambda: client.get(url), REPEAT)
    return median, p95, queries


def main(sizes):
    setup_django()
    from django.db import transaction
    from django.test import Client

    from events.models import EventPage, Occurrence
    from tests.conftest import build_tree

    with transaction.atomic():
        tree = build_tree()
    client = Client(HTTP_HOST="localhost")
    made = 0
    for size in sizes:
        started = time.perf_counter()
        with transaction.atomic():
            seed(tree, size, made)
        made = size
        seconds = time.perf_counter() - started
        event = EventPage.objects.filter(repeat="weekly").first()
        print(
            f"N = {size:,} events ({Occurrence.objects.count():,} occurrences), "
            f"seeded in {seconds:.0f} s"
        )
        for label, url in [
            ("listing /events/", "/events/"),
            ("listing, page 5", "/events/?page=5"),
            ("listing, filtered", "/events/?category=food&free=on&access=step_free"),
            ("listing, near SN10 1AB", "/events/?postcode=SN10+1AB&radius=10"),
            ("event page (series)", event.url),
        ]:
            median, p95, queries = measure(client, url)
            print(f"  {label:<26} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000])
