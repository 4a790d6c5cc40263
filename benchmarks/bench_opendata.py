"""Open data in and out: the Open Referral API at 10,000 offers, and importing a calendar.

    python benchmarks/bench_opendata.py              # 10,000 offers, a 1,000-event feed
    python benchmarks/bench_opendata.py 2000 200     # offers, events in the feed

The page cache is off (PAGE_CACHE_SECONDS=0), so every request does the work. Prints the
median and p95 of each API request with its query count, then how long the import of the
feed takes the first time, again when the server says 304, again when the feed is
fetched and read in full but nothing in it changed, and again when a tenth of its events
changed.
"""

import datetime
import os
import sys
import tempfile
import time

from _setup import ROOT, cpu_reference, setup_django

os.environ["PAGE_CACHE_SECONDS"] = "0"
# Publishing queues the feeds to be built again, as a request to SITE_URL (testserver).
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")


def api(offers):
    from bench_events import measure
    from bench_partners import seed
    from django.db import transaction
    from django.test import Client

    from partners.models import Offer, OrganisationPage
    from tests.conftest import build_tree
    from tests.partners.conftest import build_partner_site

    with transaction.atomic():
        tree = build_partner_site(build_tree())
    started = time.perf_counter()
    with transaction.atomic():
        seed(tree, 100, 200, offers, (OrganisationPage.objects.count(), 0, 0))
    print(
        f"{Offer.objects.count():,} offers, {OrganisationPage.objects.count():,} organisations "
        f"(seeded in {time.perf_counter() - started:.0f} s)"
    )
    client = Client(HTTP_HOST="localhost")
    for label, url in [
        ("/services page 1", "/openreferral/services"),
        ("/services page 100", "/openreferral/services?page=100"),
        ("/services?search=offer&per_page=200", "/openreferral/services?search=offer&per_page=200"),
        (
            "/service_at_locations 8 km of SN10 1AB",
            "/openreferral/service_at_locations?postcode=SN10+1AB&proximity=8000",
        ),
        (
            "/service_at_locations 8 km of B1 1BB",
            "/openreferral/service_at_locations?postcode=B1+1BB&proximity=8000",
        ),
        (
            "/service_at_locations 40 km of LS1 1UR",
            "/openreferral/service_at_locations?postcode=LS1+1UR&proximity=40000",
        ),
        ("/organizations", "/openreferral/organizations"),
    ]:
        median, p95, queries = measure(client, url)
        found = client.get(url).json()["total_items"]
        print(
            f"  {label:<42} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries"
            f"  ({found:,} found)"
        )


def calendar(events):
    from calendarimport.importer import run_import
    from calendarimport.models import CalendarSource
    from partners.models import OrganisationPage
    from tests.calendarimport import feeds
    from tests.calendarimport.server import FeedServer

    organisation = OrganisationPage.objects.order_by("pk").first()
    organisation.verified = True
    organisation.save()
    today = datetime.date.today()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    server = FeedServer()
    try:
        url = server.serve("/bench.ics", feeds.many(monday, events))
        # Made inactive, so saving it does not start an import of its own.
        source = CalendarSource.objects.create(organisation=organisation, url=url, active=False)
        source.active = True
        changed = events // 10

        def forget():
            source.etag = source.content_digest = ""
            source.save()

        def change():
            server.serve("/bench.ics", feeds.many(monday, events, renamed=changed))

        for label, before in [
            ("first import", None),
            ("again: 304 Not Modified", None),
            ("again: read in full, unchanged", forget),
            (f"again: {changed:,} events changed", change),
        ]:
            if before:
                before()
            started = time.perf_counter()
            run = run_import(source)
            seconds = time.perf_counter() - started
            print(f"  {events:,}-event feed, {label:<32} {seconds:6.2f} s  ({run.summary})")
    finally:
        server.close()


def main(offers, events):
    from django.conf import settings

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
    if "DATABASE_URL" not in os.environ:  # as _setup does, before the settings are read
        folder = tempfile.mkdtemp(prefix="hub-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    # As in production: work that publishing queues (search index, feeds) goes to the
    # database queue for the worker, and is not counted in the import's time.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    setup_django()
    print(f"CPU reference: {cpu_reference():.0f} ms")
    api(offers)
    calendar(events)


if __name__ == "__main__":
    arguments = [int(arg) for arg in sys.argv[1:]]
    main(*(arguments or [10_000, 1_000]))
