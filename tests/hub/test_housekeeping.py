"""The worker's housekeeping: stale rows go, fresh ones stay, once per period however many
workers start, with no cron."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hub import mail as hub_mail
from hub.models import HousekeepingSchedule, PlaceLookup

from .test_tasks import database_queue  # noqa: F401  (fixture)

# Serialized rollback: the flush after each test then leaves out post-migrate's rows (content
# types, permissions), which would clash with what the next such test restores.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOUSEKEEPING = "hub.housekeeping.housekeeping"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def place(query, days, found=True):
    return PlaceLookup.objects.create(
        query=query,
        latitude=51.35 if found else None,
        longitude=-1.99 if found else None,
        looked_up_at=days_ago(days),
    )


def session(expires_in_days):
    store = SessionStore()
    store["postcode"] = "SN10 1AB"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(days=expires_in_days)
    )
    return store.session_key


def stale_and_fresh():
    stale = {
        "places": {place("devizes", 91).query, place("nowhere", 8, found=False).query},
        "session": session(-1),
    }
    fresh = {
        "places": {place("calne", 89).query, place("elsewhere", 6, found=False).query},
        "session": session(1),
    }
    return stale, fresh


def left(rows):
    places = set(
        PlaceLookup.objects.filter(query__in=rows["places"]).values_list("query", flat=True)
    )
    return places, Session.objects.filter(session_key=rows["session"]).exists()


def waiting():
    return DBTaskResult.objects.filter(task_path=HOUSEKEEPING, status=TaskResultStatus.READY)


def test_the_worker_sweeps_what_can_no_longer_be_used(database_queue):  # noqa: F811
    stale, fresh = stale_and_fresh()
    hub_mail.send("Old news", "Sent long ago.", ["someone@example.org"])
    call_command("worker", "--batch", verbosity=0)
    assert left(stale) == (set(), False)
    assert left(fresh) == (fresh["places"], True)

    # A day later: the e-mail's result is now 15 days old, and the sweeps are due again.
    DBTaskResult.objects.filter(task_path="hub.mail.deliver").update(finished_at=days_ago(15))
    HousekeepingSchedule.objects.update(next_run_at=days_ago(0))
    waiting().update(run_after=days_ago(0))
    call_command("worker", "--batch", verbosity=0)
    assert not DBTaskResult.objects.filter(task_path="hub.mail.deliver").exists()
    assert left(fresh) == (fresh["places"], True)
    runs = DBTaskResult.objects.filter(task_path=HOUSEKEEPING, status=TaskResultStatus.SUCCESSFUL)
    swept = [  # the base's own sweeps (apps add theirs, tested with them)
        {name: count for name, count in run.return_value.items() if name.startswith("hub.")}
        for run in runs.order_by("finished_at")
        if run.return_value
    ]
    assert swept == [  # the worker's own start also queued one: it found nothing due
        {
            "hub.housekeeping.stale_place_lookups": 2,
            "hub.housekeeping.expired_sessions": 1,
            "hub.housekeeping.finished_task_results": 0,
        },
        {
            "hub.housekeeping.stale_place_lookups": 0,
            "hub.housekeeping.expired_sessions": 0,
            "hub.housekeeping.finished_task_results": 1,
        },
    ]


def test_the_sweeps_run_once_a_day_however_many_workers_start(database_queue):  # noqa: F811
    call_command("worker", "--batch", verbosity=0)
    [next_run] = waiting()
    due = HousekeepingSchedule.objects.get().next_run_at
    assert next_run.run_after == due
    assert datetime.timedelta(hours=23) < due - timezone.now() <= datetime.timedelta(days=1)

    stale = place("devizes", 91)
    for _restart in range(3):
        call_command("worker", "--batch", verbosity=0)
    assert PlaceLookup.objects.filter(pk=stale.pk).exists()  # not due: nothing swept
    assert waiting().count() == 1  # and no second chain of tasks
    assert HousekeepingSchedule.objects.get().next_run_at == due
