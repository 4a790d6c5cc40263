"""A Volunteer Reserve call-out to 5,000 eligible members: how long queueing it takes.

    python benchmarks/bench_callout.py            # 5,000 members
    python benchmarks/bench_callout.py 20000      # another number

Reserve members live at real postcodes of Devizes (SN10), free on Saturday mornings and
willing to travel 25 miles, so every one of them passes the hard rules of an emergency need
there on a Saturday morning. Prints the time and query count of ``reserve.callouts.queue``
(find them, apply the daily limit, save an ask each, queue the batches on the database task
queue; target: under 2 s for 5,000), and of the worker sending one batch.
"""

import datetime
import os
import sys
import time

from _setup import cpu_reference, fresh_postgres_database, setup_django

BATCH = 2_000


def seed(count, today):
    from django.contrib.auth import get_user_model

    from hub import geocoder
    from volunteering.choices import SLOTS
    from volunteering.models import Volunteer

    pool = geocoder.postcodes_in("SN10")
    user_model = get_user_model()
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        users = [
            user_model(username=f"reserve-{n}", email=f"reserve-{n}@example.org") for n in numbers
        ]
        for user in users:
            user.set_unusable_password()
        user_model.objects.bulk_create(users)
        users = user_model.objects.filter(username__in=[user.username for user in users])
        volunteers = []
        for number, user in enumerate(users):
            volunteer = Volunteer(
                user=user,
                display_name=f"Member {number}",
                postcode=pool[number % len(pool)],
                travel_miles=25,
                availability=list(SLOTS),
                reserve=True,
            )
            volunteer.place()
            volunteers.append(volunteer)
        Volunteer.objects.bulk_create(volunteers)


def main(count):
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")  # the demo site's feeds
    fresh_postgres_database()
    setup_django()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, override_settings
    from django_tasks_db.models import DBTaskResult

    from needs import matching
    from needs.factories import NeedFactory
    from reserve import callouts
    from reserve.models import CallOut
    from tests.conftest import build_tree
    from tests.partners.conftest import build_partner_site
    from volunteering.models import Volunteer

    today = datetime.date.today()
    saturday = today + datetime.timedelta(days=7 + (5 - today.weekday()) % 7)
    with transaction.atomic():
        site = build_partner_site(build_tree())
        need = NeedFactory(
            organisation=site.org_a,
            title="Sandbagging",
            emergency=True,
            people_needed=100,
            starts_on=saturday,
        )
        started = time.perf_counter()
        seed(count, today)
    print(f"{count:,} Reserve members seeded in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    database_queue = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with override_settings(TASKS=database_queue):
        callout = CallOut.objects.create(need=need, created_by=site.moderator)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            if os.environ.get("PROFILE"):
                import cProfile
                import pstats

                profile = cProfile.Profile()
                asked = profile.runcall(callouts.queue.call, callout.pk)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
            else:
                asked = callouts.queue.call(callout.pk)
            seconds = time.perf_counter() - started
        queued = DBTaskResult.objects.filter(task_path="reserve.callouts.send_batches").count()
        print(
            f"queue a call-out: {asked:,} members asked in {seconds * 1000:.0f} ms "
            f"({len(queries)} queries; {queued} batch task queued; {connection.vendor}; "
            "target < 2000 ms)"
        )
        started = time.perf_counter()
        found = len(matching.eligible_volunteers(need, volunteers=Volunteer.objects.all()))
        print(
            f"  of which the matching alone (eligible_volunteers, {found:,} found): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            sent = callouts.send_batches.call(callout.pk)
            seconds = time.perf_counter() - started
        print(
            f"the worker sends one batch: {sent} e-mails queued in {seconds * 1000:.0f} ms "
            f"({len(queries)} queries), the next batch queued {callouts.BATCH_GAP.seconds} s later"
        )
    print(f"cpu reference: {cpu_reference():.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000)
