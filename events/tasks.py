"""Background work of the events app: building the main calendar feeds after a change.

When a change drops cached feeds (:mod:`events.signals`), the site's whole-listing feed and
each affected organisation's feed are queued to be built again, as a request to the public
address (``SITE_URL``) would build them, so the first calendar app to poll after a publish is
answered from the cache. Nothing depends on it: without a worker, the first poll builds the
feed as before.
"""

from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django_tasks import task
from wagtail.models import Page, Site

from . import feeds
from .models import EventIndexPage


def public_request(path):
    """A GET of ``path`` as a visitor to the public address makes it, accepting gzip."""
    address = urlsplit(settings.SITE_URL)
    secure = address.scheme == "https"
    return WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": address.hostname,
            "SERVER_PORT": str(address.port or (443 if secure else 80)),
            "HTTP_HOST": address.netloc,
            "HTTP_ACCEPT_ENCODING": "gzip",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": address.scheme,
            "wsgi.input": BytesIO(),
        }
    )


def queue_feeds(generation_keys):
    """Queue the feeds behind these dropped generations, once the change is committed."""
    keys = sorted(generation_keys)
    if keys:
        transaction.on_commit(lambda: build_feeds.enqueue(keys))


@task()
def build_feeds(generation_keys):
    """Build the whole-listing feed of each site and each organisation's feed among these."""
    keys = set(generation_keys)
    built = []
    sites = [site for site in Site.objects.all() if feeds.site_generation(site.pk) in keys]
    for site in sites:
        index = EventIndexPage.objects.live().public().in_site(site).first()
        if index is not None:
            built.append(_build(index))
    prefix = feeds.organisation_generation("")
    organisations = [int(key[len(prefix) :]) for key in keys if key.startswith(prefix)]
    for page in Page.objects.live().public().filter(pk__in=organisations).specific():
        built.append(_build(page))
    return built


def _build(page):
    path = urlsplit(page.get_url(public_request("/")) or "").path
    request = public_request(path + "feed.ics")
    response = page.feed(request)
    return f"{path}feed.ics {response.status_code}"
