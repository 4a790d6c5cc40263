"""Background tasks on a real queue: work waits while no worker runs, nothing is lost, and
``manage.py worker`` runs it (in this process for a batch, and as its own process)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from events.factories import EventPageFactory
from hub import mail as hub_mail

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker takes each task in a transaction of its own: the tests commit theirs.
# Serialized rollback: the flush after each test then leaves out post-migrate's rows (content
# types, permissions), which would clash with what the next such test restores.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def delivered():
    """The e-mail tasks among the results (the worker also queues its housekeeping)."""
    return DBTaskResult.objects.filter(task_path="hub.mail.deliver")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE  # django_tasks forgets its backends when TASKS changes
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"


def test_mail_waits_for_the_worker_and_is_sent_whole(database_queue):
    hub_mail.send(
        "Your event is live",
        "Soup night is on the site.",
        ["organiser@example.org"],
        html="<p>Soup night is on the site.</p>",
        reply_to=["hub@example.org"],
    )
    assert mail.outbox == []
    waiting = DBTaskResult.objects.get()
    assert waiting.status == TaskResultStatus.READY
    call_command("worker", "--batch", verbosity=0)
    sent = mail.outbox
    assert len(sent) == 1
    assert sent[0].subject == "Your event is live" and sent[0].to == ["organiser@example.org"]
    assert sent[0].reply_to == ["hub@example.org"]
    assert sent[0].alternatives[0].content == "<p>Soup night is on the site.</p>"
    assert delivered().get().status == TaskResultStatus.SUCCESSFUL


def test_every_email_of_the_site_goes_through_the_queue(database_queue, settings):
    from django.core.mail import EmailMessage, send_mail

    settings.EMAIL_BACKEND = "hub.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_mail("Moderation", "A page awaits you.", None, ["moderator@example.org"])
    report = EmailMessage("Report", "Attached.", None, ["admin@example.org"])
    report.attach("offers.csv", "kind,title\nvenue,Hall\n", "text/csv")
    report.send()
    assert mail.outbox == [] and DBTaskResult.objects.count() == 2
    call_command("worker", "--batch", verbosity=0)
    assert sorted(message.subject for message in mail.outbox) == ["Moderation", "Report"]
    attached = next(message for message in mail.outbox if message.subject == "Report")
    assert attached.attachments[0][:2] == ("offers.csv", "kind,title\nvenue,Hall\n")


def test_a_rolled_back_change_sends_nothing(database_queue):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        hub_mail.send("Never", "This change is rolled back.", ["someone@example.org"])
        raise RuntimeError
    assert DBTaskResult.objects.count() == 0


def feed_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/events/feed.ics", headers={"host": "localhost"}).status_code == 200
    return len(queries)


def test_the_main_feed_is_built_by_the_worker_after_a_publish(
    client, tree, database_queue, settings
):
    settings.SITE_URL = "http://localhost"
    event = EventPageFactory(parent=tree.events, title="Soup night")
    feed_queries(client)
    event.title = "Soup and bread night"
    event.save_revision().publish()
    built_in_the_request = feed_queries(client)  # no worker ran: the request builds it
    assert b"Soup and bread night" in client.get("/events/feed.ics").content
    event.title = "Soup, bread and cheese night"
    event.save_revision().publish()
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.filter(task_path="events.tasks.build_feeds").exists()
    call_command("worker", "--batch", verbosity=0)
    assert feed_queries(client) < built_in_the_request  # the worker built it
    assert b"Soup\\, bread and cheese night" in client.get("/events/feed.ics").content


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="a worker process shares the queue through a database server (DATABASE_URL)",
)
def test_a_worker_process_runs_what_waits(database_queue):
    """The worker as production runs it: its own process, on the same database queue."""
    hub_mail.send("Queued", "For the worker process.", ["someone@example.org"])
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    run_worker_process("database")
    done = delivered().get()
    assert done.status == TaskResultStatus.SUCCESSFUL and done.return_value == 1


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="RQ needs Redis: set REDIS_URL")
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="a worker process shares the queue through a database server (DATABASE_URL)",
)
def test_with_redis_the_queue_is_rq_and_the_worker_runs_it(settings):
    from hub.settings.base import with_timeouts

    settings.RQ_QUEUES = {"default": {"URL": with_timeouts(os.environ["REDIS_URL"])}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    result = hub_mail.deliver.enqueue(hub_mail.as_data(_message()))
    backend = task_backends["default"]
    assert backend.get_result(result.id).status == TaskResultStatus.READY
    run_worker_process("rq")
    done = backend.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL, "\n".join(e.traceback for e in done.errors)
    assert DBTaskResult.objects.count() == 0  # nothing went to the database queue


def _message():
    from django.core.mail import EmailMessage

    return EmailMessage("Queued", "For the RQ worker.", None, ["someone@example.org"])


def run_worker_process(queue):
    """``manage.py worker --batch`` in a process of its own, on this test's database."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "WORKER_QUEUE": queue,
        "DATABASE_URL": _test_database_url(),
    }
    subprocess.run(  # noqa: S603 (this project's manage.py)
        [sys.executable, "manage.py", "worker", "--batch", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=120,
        capture_output=True,
    )


def _test_database_url():
    import dj_database_url

    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = connection.settings_dict["NAME"]
    return f"postgres://{url['USER']}@{url['HOST']}:{url['PORT'] or 5432}/{name}"
