"""The public opportunities list (/volunteer/opportunities/) at 10,000 open needs.

    python benchmarks/bench_needs.py            # 1,000 then 10,000 needs, see SIZES
    python benchmarks/bench_needs.py 2000       # other sizes

Needs are spread over the demo towns' real postcodes, of every kind and timing, a quarter
with a required check. Each page is asked with the page cache emptied first (what a first
visitor or a new filter costs), and its median and p95 time and query count are printed;
the query count must not grow with the data (tests/needs/test_public.py asserts it).
Target on the 2-core machine: p95 under 150 ms at 10,000 needs.
"""

import datetime
import random
import sys
import time

from _setup import cpu_reference, setup_django, timed

SIZES = [1_000, 10_000]
REPEAT = 40


def seed(count, made):
    from django.utils import timezone

    from home.demo import TOWNS
    from hub import geocoder
    from needs.choices import Timing
    from needs.models import Need, NeedCheck
    from partners.choices import OfferKind
    from partners.models import OrganisationPage
    from volunteering.choices import SKILLS

    rng = random.Random(count)
    today = timezone.localdate()
    organisations = list(OrganisationPage.objects.all())
    postcodes = {town: geocoder.postcodes_in(postcode.split()[0]) for town, postcode, _ in TOWNS}
    batch = []
    for number in range(made, count):
        town = TOWNS[number % len(TOWNS)][0]
        timing = Timing.values[number % 4]
        start = datetime.time(rng.choice([9, 10, 13, 18]))
        need = Need(
            organisation=organisations[number % len(organisations)],
            kind=OfferKind.values[number % len(OfferKind.values)],
            title=f"{town} need {number}",
            description="Help wanted.",
            people_needed=rng.randrange(1, 20),
            postcode=rng.choice(postcodes[town]),
            timing=timing,
            emergency=number % 97 == 0,
            wanted_skills=rng.sample(list(SKILLS), 2),
            **dict.fromkeys(rng.sample(list(SKILLS), 1), True),
        )
        if timing == Timing.FLEXIBLE:
            need.deadline = today + datetime.timedelta(days=rng.randrange(1, 90))
        else:
            need.starts_on = today + datetime.timedelta(days=rng.randrange(0, 60))
            need.start_time, need.end_time = start, start.replace(hour=start.hour + 2)
            if timing != Timing.DATED:
                need.repeat_until = need.starts_on + datetime.timedelta(days=56)
        need.locate()
        need.last_day = need.compute_last_day()
        batch.append(need)
    Need.objects.bulk_create(batch, batch_size=1000)
    created = Need.objects.filter(pk__gt=0).order_by("-pk")[: count - made]
    NeedCheck.objects.bulk_create(
        NeedCheck(need_id=pk, kind="dbs_enhanced")
        for pk in created.values_list("pk", flat=True)
        if pk % 4 == 0
    )


def measure(client, url):
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_cache = caches[settings.PAGE_CACHE_ALIAS]

    def ask():
        page_cache.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    ask()
    with CaptureQueriesContext(connection) as captured:
        ask()
    median, p95 = timed(ask, REPEAT)
    return median, p95, len(captured)


def main(sizes):
    setup_django()
    from django.db import transaction
    from django.test import Client

    from needs.models import Need
    from tests.conftest import build_tree
    from tests.partners.conftest import build_partner_site

    with transaction.atomic():
        build_partner_site(build_tree())
    client = Client(HTTP_HOST="localhost")
    print(f"CPU reference loop: {cpu_reference():.0f} ms")
    made = 0
    for count in sizes:
        started = time.perf_counter()
        with transaction.atomic():
            seed(count, made)
        made = count
        seconds = time.perf_counter() - started
        print(f"{Need.objects.open().count():,} open needs (seeded in {seconds:.0f} s)")
        sample = Need.objects.open().order_by("pk").first()
        for label, url in [
            ("list", "/volunteer/opportunities/"),
            ("list, page 50", "/volunteer/opportunities/?page=50"),
            ("near SN10 1AB, 25 miles", "/volunteer/opportunities/?postcode=SN10+1AB&radius=25"),
            (
                "near B1 1BB, 10 miles, filtered",
                "/volunteer/opportunities/?postcode=B1+1BB&radius=10&kind=volunteers"
                "&day=sat&time=morning&no_check=on",
            ),
            ("words", "/volunteer/opportunities/?q=leeds+need"),
            ("one need's page", f"/volunteer/opportunities/{sample.uuid}/"),
        ]:
            median, p95, queries = measure(client, url)
            print(f"  {label:<34} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or SIZES)
