"""Database queries of every public page of the demo site, one line per address.

    python benchmarks/bench_queries.py

Loads the demo (``load_demo``) into a fresh database and asks for each address twice with
Django's test client; the second answer's queries are counted (the first one fills Wagtail's
site-root cache and the feed caches, as the first visitor does). The figures are exact: run it
before and after a change to see whether any page asks the database more.
"""

import io
import sys

from _setup import setup_django

ADDRESSES = [
    "/",
    "/events/",
    "/events/?postcode=SN10+1AB&radius=25",
    "/events/?category=food&when=next-30-days",
    "/events/past/",
    "/events/feed.ics",
    "/events/feed.ics?postcode=LS1+1UR&radius=10",
    "/partners/",
    "/partners/?postcode=SN10+1AB&radius=10&q=church",
    "/partners/st-marys-church-devizes/",
    "/partners/st-marys-church-devizes/feed.ics",
    "/partnerships/",
    "/partnerships/?postcode=LS1+1UR&radius=25",
    "/offers/",
    "/offers/?postcode=SN10+1AB&radius=25",
    "/search/?postcode=SN10+1AB&radius=25",
    "/search/?postcode=LS1+1UR&radius=25&kind=partners&q=leeds",
    "/api/search.geojson?postcode=SN10+1AB&radius=25",
    "/api/search.geojson?postcode=LS1+1UR&radius=10&q=food",
    "/sitemap.xml",
]


def main():
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from wagtail.models import Page

    setup_test_environment()
    call_command("load_demo", stdout=io.StringIO())
    event = Page.objects.filter(depth=4, url_path__startswith="/home/events/").first()
    client = Client()
    addresses = [*ADDRESSES, event.url, f"{event.url}event.ics"]
    width = max(map(len, addresses))
    for address in addresses:
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(address).status_code
        print(f"  {address:<{width}}  {status}  {len(queries):>3} queries")


if __name__ == "__main__":
    sys.exit(main())
