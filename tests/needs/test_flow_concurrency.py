"""Two members accept the last place of a need at the same moment, each on their own
database connection: one gets it, the other is told no place is left, and the need is never
over-filled. The need's row is locked while a place is taken (``select_for_update``).

The two are made to count the places taken at the same time: they connect, start
together, and each waits, after counting, for the other to have counted too (at most 5 s).
Without the lock both count 0 and both accept; with it the second cannot count until the
first has committed.

Runs on PostgreSQL (DATABASE_URL set, as in CI's second pass); SQLite takes a lock on the
whole database for every write transaction, so there the question does not arise.
"""

import contextlib
import os
import threading

import pytest
from django.db import connection

from needs import flow
from needs.choices import ApplicationStatus
from needs.models import Application

from .flow_site import build_flow_site

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs a PostgreSQL server: set DATABASE_URL",
    ),
    # Committed for real (two connections), then flushed: serialized rollback puts back what
    # the migrations made (content types, groups) for the tests after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_members_accepting_the_last_place_at_once_do_not_over_fill_it(monkeypatch, tree):
    site = build_flow_site(tree)
    assert site.need.people_needed == 1
    first = flow.apply(site.need, site.priya)
    second = flow.apply(site.need, site.tom)
    # Both connect first, then start together; after counting, each waits up to 5 s for
    # the other to have counted too.
    ready = threading.Barrier(2, timeout=60)
    counted = threading.Barrier(2, timeout=5)
    counting = flow.places_taken

    def places_taken_then_wait(need):
        taken = counting(need)
        # With the lock, the other one is still waiting for it: the barrier breaks.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait()
        return taken

    monkeypatch.setattr(flow, "places_taken", places_taken_then_wait)
    outcomes = {}

    def accept(application, member):
        try:
            connection.ensure_connection()
            ready.wait()
            flow.accept(application, member)
            outcomes[application.pk] = "accepted"
        except flow.StepRefused as refused:
            outcomes[application.pk] = str(refused)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(first, site.member_a)),
        threading.Thread(target=accept, args=(second, site.moderator)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == [
        "All 1 places are taken: no more volunteers can be accepted.",
        "accepted",
    ]
    assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == 1
