"""Confirming answers at once: the registration and its counts change in the request, and the
event page follows in a background task (``neighbourday.tasks.sync_page``) that can run late
or twice and still leaves one page showing the gathering as it is."""

import pytest
from django.core import mail
from wagtail.models import Revision

from events.models import EventPage
from neighbourday import counts, tasks
from neighbourday.choices import Status
from neighbourday.models import Gathering

from .conftest import links_in

pytestmark = pytest.mark.django_db


def test_confirming_takes_a_fixed_few_queries(resident, nd, client, django_assert_num_queries):
    resident.register()
    (confirm_path,) = links_in(mail.outbox[-1])
    # Read the link's gathering and the site; in a savepoint, lock the gathering, save it and
    # move its district's counts (the first in a district makes its row: five more); no
    # page work.
    with django_assert_num_queries(12):
        response = client.get(confirm_path)
    assert response.status_code == 302
    gathering = Gathering.objects.get()
    assert gathering.status == Status.CONFIRMED
    assert counts.totals(nd.day.year)["gatherings"] == 1
    assert gathering.event is None  # queued for the worker: the transaction never committed here

    # The same in a district that already has its row.
    resident.register(organiser_email="bo@example.org", street="Other Road")
    (confirm_path,) = links_in(mail.outbox[-1])
    with django_assert_num_queries(7):
        assert client.get(confirm_path).status_code == 302


def test_the_page_follows_when_the_change_commits(resident, nd):
    resident.register_and_confirm()  # the resident's requests commit: their tasks run
    gathering = Gathering.objects.get()
    assert gathering.event is not None and gathering.event.live


def test_the_page_task_is_safe_to_repeat(resident, nd):
    resident.register_and_confirm()
    gathering = Gathering.objects.get()
    revisions = Revision.objects.filter(object_id=str(gathering.event_id)).count()
    assert tasks.sync_page.call(gathering.pk, nd.site.pk) == gathering.event_id
    assert tasks.sync_page.call(gathering.pk, nd.site.pk) == gathering.event_id
    assert EventPage.objects.filter(gathering=gathering).count() == 1
    assert Revision.objects.filter(object_id=str(gathering.event_id)).count() == revisions
    # A registration purged before its task ran: nothing to do.
    assert tasks.sync_page.call(gathering.pk + 1000, nd.site.pk) is None
