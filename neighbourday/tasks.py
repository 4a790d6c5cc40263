"""Background work of Neighbour Day: keeping a gathering's event page in step with it.

Confirming, changing or cancelling a gathering answers the organiser at once: the
registration and its counts change in the request (a handful of queries), and the event
page (made, changed, marked cancelled or unpublished through Wagtail, with its revision, log
entry, tree update and cache purges: most of the work) follows in :func:`sync_page`, queued
when the change commits. The task reads the gathering as it is when it runs, so it can run
late, twice or out of order and still leaves the page as the gathering says. With no worker
running, the gathering is confirmed and counted, and its page appears when the worker next
runs.
"""

from functools import partial

from django.db import transaction
from django_tasks import task
from wagtail.models import Site

from . import pages
from .models import Gathering


def sync_page_later(gathering, site):
    """Queue :func:`sync_page` for ``gathering`` once the current transaction commits."""
    transaction.on_commit(partial(sync_page.enqueue, gathering.pk, site.pk))


@task()
def sync_page(gathering_id, site_id):
    """Bring the gathering's event page in step with it; its page id, if it has one."""
    with transaction.atomic():
        # Locked: two workers running it for one gathering never make two pages.
        gathering = Gathering.objects.select_for_update().filter(pk=gathering_id).first()
        site = Site.objects.filter(pk=site_id).first()
        if gathering is None or site is None:
            return None  # purged or deleted since
        pages.sync(gathering, site)
        return gathering.event_id
