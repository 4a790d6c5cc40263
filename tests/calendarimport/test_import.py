"""Importing organisations' calendars: real-world shaped feeds from a local server, read by
icalendar, checked against recurring-ical-events' reading of the same feed."""

import datetime
import logging
from collections import Counter

import icalendar
import pytest
import recurring_ical_events
from django.core import mail
from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageLogEntry

from calendarimport import fetch as fetch_module
from calendarimport.importer import run_import
from calendarimport.models import CalendarSource, ImportedEvent, ImportRun
from events.choices import Status
from events.models import EventPage
from events.recurrence import LONDON

from . import feeds
from .server import FeedServer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
MONDAY = TODAY + datetime.timedelta(days=7 - TODAY.weekday())
WINDOW = (datetime.datetime.combine(MONDAY, datetime.time()), None)
WINDOW_END = datetime.datetime.combine(MONDAY + datetime.timedelta(days=400), datetime.time())


@pytest.fixture(scope="module")
def server():
    feed_server = FeedServer()
    yield feed_server
    feed_server.close()


@pytest.fixture
def organisation(tree):
    org = tree.organisation
    org.verified = True
    org.private_contact_email = "office@stmarys.example.org"
    org.save()
    return org


def source_for(organisation, url, **fields):
    return CalendarSource.objects.create(organisation=organisation, url=url, **fields)


def naive_london(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LONDON)
        return value.replace(tzinfo=None)
    return datetime.datetime.combine(value, datetime.time())


def source_times(body, uid):
    """When the feed says each (not cancelled) occurrence of ``uid`` starts, per
    recurring-ical-events, in London wall-clock time."""
    calendar = icalendar.Calendar.from_ical(body)
    return sorted(
        naive_london(event["DTSTART"].dt)
        for event in recurring_ical_events.of(calendar).between(WINDOW[0], WINDOW_END)
        if str(event["UID"]) == uid and str(event.get("STATUS", "")).upper() != "CANCELLED"
    )


def hub_times(page):
    return sorted(
        naive_london(occurrence.start)
        for occurrence in page.occurrences.filter(cancelled=False)
        if naive_london(occurrence.start) < WINDOW_END
    )


def imported(organisation, uid):
    return ImportedEvent.objects.get(organisation=organisation, uid=uid).event.specific


def test_a_google_calendar(server, organisation):
    body = feeds.google(MONDAY)
    source = source_for(organisation, server.serve("/google.ics", body))
    run = run_import(source)
    assert run.outcome == ImportRun.Outcome.IMPORTED, run.log
    assert (run.added, run.updated, run.cancelled, run.skipped) == (3, 0, 0, 0)
    coffee = imported(organisation, "7kukuqrfedlm2f9t0vr8c3nq4k@google.com")
    assert coffee.live and coffee.get_parent().pk == organisation.pk
    # Published as Wagtail publishes: its one revision is the live one, and logged.
    assert coffee.revisions.count() == 1 and not coffee.has_unpublished_changes
    assert coffee.live_revision_id == coffee.latest_revision_id is not None
    assert {"wagtail.create", "wagtail.publish"} <= set(
        PageLogEntry.objects.filter(page=coffee).values_list("action", flat=True)
    )
    assert coffee.organiser_id == organisation.pk
    assert (coffee.title, coffee.postcode, coffee.venue_name) == (
        "Coffee morning",
        "SN10 1AB",
        "Church Hall",
    )
    assert coffee.summary == "Tea, coffee and cake for everyone. All welcome!"
    assert not coffee.body  # the summary holds it all
    assert coffee.repeat == "weekly"
    assert hub_times(coffee) == source_times(body, "7kukuqrfedlm2f9t0vr8c3nq4k@google.com")
    assert len(hub_times(coffee)) == 21
    fete = imported(organisation, "3p1d0c5l9j1v0n6t2h0r6p8q2s@google.com")
    assert fete.postcode == "SN10 2AA"
    assert hub_times(fete) == source_times(body, "3p1d0c5l9j1v0n6t2h0r6p8q2s@google.com")
    gardens = imported(organisation, "0a9b8c7d6e5f@google.com")
    assert gardens.all_day and gardens.end_date == gardens.start_date + datetime.timedelta(1)
    # No postcode in "the vicarage garden": the organisation's own, and flagged.
    assert gardens.postcode == organisation.postcode
    flagged = ImportedEvent.objects.get(uid="0a9b8c7d6e5f@google.com")
    assert flagged.needs_location_check
    assert "Open gardens weekend: no postcode" in run.log
    assert Page.find_problems() == ([], [], [], [], [])  # paths, depths, numbers of children


def test_an_outlook_calendar_with_windows_time_zones(server, organisation):
    body = feeds.outlook(MONDAY)
    run = run_import(source_for(organisation, server.serve("/outlook.ics", body)))
    assert run.added == 2, run.log
    uid = (
        "040000008200E00074C5B7101A82E00800000000B0F1A7C5E9A3DC01000000000000000"
        "010000000A1B2C3D4E5F60718293A4B5C6D7E8F90"
    )
    meeting = imported(organisation, uid)
    assert meeting.repeat == "monthly" and meeting.start_time == datetime.time(18, 30)
    assert meeting.postcode == "SN10 1BT"
    assert hub_times(meeting) == source_times(body, uid)
    call_uid = "040000008200E00074C5B7101A82E0080000000011111111"
    call = imported(organisation, call_uid)
    assert call.start_time == datetime.time(18, 0)  # 19:00 in Paris
    assert hub_times(call) == source_times(body, call_uid)


def test_overrides_and_exdates(server, organisation):
    body = feeds.overrides(MONDAY)
    run_import(source_for(organisation, server.serve("/overrides.ics", body)))
    club = imported(organisation, "youth-club@stmarys.example.org")
    changes = sorted((c.original_date, c.change) for c in club.date_changes.all())
    assert [change for _, change in changes] == ["skipped", "skipped", "moved", "cancelled"]
    assert hub_times(club) == source_times(body, "youth-club@stmarys.example.org")
    assert len(hub_times(club)) == 9  # 12, less 2 left out and 1 cancelled
    assert club.occurrences.filter(cancelled=True).count() == 1


def test_floating_times(server, organisation):
    body = feeds.floating(MONDAY)
    run = run_import(source_for(organisation, server.serve("/floating.ics", body)))
    quiz = imported(organisation, "quiz-night-1")
    assert quiz.repeat == "fortnightly" and quiz.start_time == datetime.time(19, 30)
    assert hub_times(quiz) == source_times(body, "quiz-night-1")
    assert quiz.venue_name == "The Bear" and quiz.postcode == organisation.postcode
    assert "Quiz night: no postcode" in run.log


def test_reimporting_changes_nothing_and_edits_are_followed(server, organisation):
    url = server.serve("/stable.ics", feeds.google(MONDAY))
    source = source_for(organisation, url)
    run_import(source)
    coffee = imported(organisation, "7kukuqrfedlm2f9t0vr8c3nq4k@google.com")
    revisions = coffee.revisions.count()
    # Unchanged on the server: the ETag brings a 304.
    assert run_import(source).outcome == ImportRun.Outcome.NOT_MODIFIED
    # Served afresh (no ETag kept) but the same: nothing is touched.
    source.etag = source.content_digest = ""
    source.save()
    again = run_import(source)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert coffee.revisions.count() == revisions
    # An edit in the source, and an event removed from it.
    server.serve("/stable.ics", feeds.google(MONDAY, title="Coffee and chat", extra_event=False))
    edited = run_import(source)
    assert (edited.updated, edited.cancelled) == (1, 2), edited.log
    coffee.refresh_from_db()
    assert coffee.title == "Coffee and chat" and coffee.live
    fete = imported(organisation, "3p1d0c5l9j1v0n6t2h0r6p8q2s@google.com")
    assert fete.status == Status.CANCELLED and fete.live  # kept, as every event is
    assert EventPage.objects.child_of(organisation).count() == 3


def test_a_long_description_is_kept_whole(server, organisation):
    opening = (
        "Every Wednesday we cook a hot two-course lunch for anyone who would like company, "
        "with a vegetarian choice and puddings made by the Tuesday baking group. "
    )
    description = (
        opening * 3 + "Ask at the door about diets.\n\nHow to find us:\nCome in by the side gate,\n"
        "past the bike racks. <Step-free> & signed."
    )
    body = feeds.described(MONDAY, description)
    assert "\r\n " in body  # folded, as calendar apps write long text
    run_import(source_for(organisation, server.serve("/described.ics", body)))
    lunch = imported(organisation, "long-description@stmarys.example.org")
    # The summary is cut at a word, within the field's limit, with an ellipsis.
    limit = EventPage._meta.get_field("summary").max_length
    assert len(lunch.summary) <= limit and lunch.summary.endswith("…")
    kept = lunch.summary.removesuffix("…")
    assert (opening * 3).startswith(kept) and (opening * 3)[len(kept)] in " ,."
    # The body has every word, its paragraphs and line breaks, escaped.
    paragraphs = [block.value.source for block in lunch.body]
    assert paragraphs == [
        "<p>" + (opening * 3) + "Ask at the door about diets.</p>",
        "<p>How to find us:<br/>Come in by the side gate,<br/>past the bike racks. "
        "&lt;Step-free&gt; &amp; signed.</p>",
    ]


@pytest.mark.parametrize("events", [10, 40])
def test_an_unchanged_feed_costs_a_fixed_number_of_queries(
    server, organisation, events, django_assert_num_queries
):
    url = server.serve(f"/unchanged-{events}.ics", feeds.many(MONDAY, events))
    source = source_for(organisation, url)
    assert run_import(source).added == events
    # Read in full again (no ETag, no digest kept), nothing in it changed: the imported
    # events are read in one query, nothing is written but the run and the source's state.
    source.etag = source.content_digest = ""
    source.save()
    with django_assert_num_queries(5):
        run = run_import(source)
    assert (run.added, run.updated, run.unchanged) == (0, 0, events)


@pytest.mark.parametrize(
    ("change", "feed", "queries"),
    [
        ("renamed", feeds.many(MONDAY, 10, renamed=1), 53),
        ("removed", feeds.many(MONDAY, 9), 51),
    ],
)
def test_a_changed_event_is_saved_once(
    server, organisation, change, feed, queries, django_assert_num_queries
):
    source = source_for(organisation, server.serve(f"/{change}.ics", feeds.many(MONDAY, 10)))
    run_import(source)
    event = imported(
        organisation, "bulk-0@example.org" if change == "renamed" else "bulk-9@example.org"
    )
    revisions = event.revisions.count()
    server.serve(f"/{change}.ics", feed)
    saves = []

    def saved(instance, update_fields, **kwargs):
        saves.append((instance.pk, update_fields))

    # The page's search entry is written with one upsert on PostgreSQL, read then written
    # on SQLite.
    queries += connection.vendor == "sqlite"
    post_save.connect(saved, sender=EventPage)
    try:
        with django_assert_num_queries(queries):
            run = run_import(source)
    finally:
        post_save.disconnect(saved, sender=EventPage)
    assert (run.updated, run.cancelled) == ((1, 0) if change == "renamed" else (0, 1))
    assert saves == [(event.pk, None)]  # one save, of the whole page
    event = EventPage.objects.get(pk=event.pk)
    assert event.live and not event.has_unpublished_changes
    assert event.revisions.count() == revisions + 1
    assert event.live_revision == event.latest_revision == event.revisions.latest("created_at")
    assert event.latest_revision.as_object().title == event.title == event.draft_title
    logged = PageLogEntry.objects.filter(page=event, revision=event.live_revision)
    actions = set(logged.values_list("action", flat=True))
    if change == "renamed":
        assert event.title == "Renamed session 0"
        assert event.occurrences.count() == 1
        assert actions == {"wagtail.edit", "wagtail.rename", "wagtail.publish"}
    else:
        assert event.status == Status.CANCELLED
        assert actions == {"wagtail.edit", "wagtail.publish"}


def test_an_event_the_hub_cannot_take_is_skipped_with_the_reason(server, organisation):
    # No postcode in "the vicarage garden", and none for the organisation to lend it.
    organisation.postcode = ""
    organisation.save()
    source = source_for(organisation, server.serve("/no-place.ics", feeds.google(MONDAY)))
    run = run_import(source)
    assert run.outcome == ImportRun.Outcome.IMPORTED
    assert (run.added, run.skipped) == (2, 1)
    assert "Skipped Open gardens weekend: Give a postcode" in run.log
    assert not EventPage.objects.filter(title="Open gardens weekend").exists()
    assert EventPage.objects.child_of(organisation).count() == 2
    assert Page.find_problems() == ([], [], [], [], [])  # the tree is whole
    # Tried again at the next import, once the organisation has a postcode.
    organisation.postcode = "SN10 1AB"
    organisation.save()
    source.etag = source.content_digest = ""
    again = run_import(source)
    assert (again.added, again.unchanged, again.skipped) == (1, 2, 0), again.log


def test_the_work_after_an_import_is_queued_once_per_page_or_run(
    server, organisation, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    source = source_for(organisation, server.serve("/queued.ics", feeds.many(MONDAY, 6)))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_import(source).added == 6
    queued = Counter(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued["events.tasks.build_feeds"] == 1  # the feeds of the run, once
    assert queued["wagtail.tasks.update_reference_index_task"] == 6  # once per page
    assert queued["modelsearch.tasks.insert_or_update_object_task"] == 6


def test_a_cancelled_event_in_the_source(server, organisation):
    body = feeds.google(MONDAY).replace(
        "STATUS:CONFIRMED\r\nSUMMARY:Summer fete", "STATUS:CANCELLED\r\nSUMMARY:Summer fete"
    )
    run_import(source_for(organisation, server.serve("/cancelled.ics", body)))
    assert (
        imported(organisation, "3p1d0c5l9j1v0n6t2h0r6p8q2s@google.com").status == Status.CANCELLED
    )


def test_a_detached_event_is_left_alone(server, organisation):
    url = server.serve("/detach.ics", feeds.google(MONDAY))
    source = source_for(organisation, url)
    run_import(source)
    ImportedEvent.objects.filter(uid__startswith="7kuku").update(detached=True)
    server.serve("/detach.ics", feeds.google(MONDAY, title="Renamed in the source"))
    imported(organisation, "3p1d0c5l9j1v0n6t2h0r6p8q2s@google.com").delete()  # by an editor
    run = run_import(source)
    assert imported(organisation, "7kukuqrfedlm2f9t0vr8c3nq4k@google.com").title == "Coffee morning"
    assert (run.added, run.updated, run.unchanged) == (0, 0, 3)
    assert not EventPage.objects.filter(title="Summer fete").exists()


def test_unverified_organisations_go_through_moderation(server, organisation):
    organisation.verified = False
    organisation.save()
    run_import(source_for(organisation, server.serve("/moderated.ics", feeds.floating(MONDAY))))
    quiz = imported(organisation, "quiz-night-1")
    assert not quiz.live
    assert quiz.workflow_in_progress


def test_an_update_published_directly_ends_the_moderation_of_the_last_one(server, organisation):
    organisation.verified = False
    organisation.save()
    source = source_for(organisation, server.serve("/verified-later.ics", feeds.many(MONDAY, 1)))
    run_import(source)
    assert imported(organisation, "bulk-0@example.org").workflow_in_progress
    organisation.verified = True
    organisation.save()
    server.serve("/verified-later.ics", feeds.many(MONDAY, 1, renamed=1))
    assert run_import(source).updated == 1
    event = imported(organisation, "bulk-0@example.org")
    assert event.live and event.title == "Renamed session 0"
    assert not event.workflow_in_progress
    assert event.live_revision == event.latest_revision


def test_a_verified_organisation_can_choose_moderation(server, organisation):
    source = source_for(
        organisation, server.serve("/choose.ics", feeds.floating(MONDAY)), publish_directly=False
    )
    run_import(source)
    assert not imported(organisation, "quiz-night-1").live


def test_a_cap_on_events_per_feed(server, organisation, settings):
    settings.CALENDAR_IMPORT_MAX_EVENTS = 5
    run = run_import(source_for(organisation, server.serve("/many.ics", feeds.many(MONDAY, 8))))
    assert (run.added, run.skipped) == (5, 3)
    assert "the feed has more than 5 events" in run.log


BROKEN = {
    "a 6 MB feed": ("/huge.ics", {"body": b"BEGIN:VCALENDAR\r\n" + b"X" * 6_000_000}, "larger"),
    "a feed that times out": ("/slow.ics", {"body": b"", "delay": 3}, "more than 2 seconds"),
    "a 500": ("/error.ics", {"status": 500}, "HTTP 500"),
    "a redirect to file://": (
        "/sneaky.ics",
        {"status": 302, "headers": {"Location": "file:///etc/passwd"}},
        "Only http and https",
    ),
    "not a calendar": ("/page.html", {"body": b"<html>Hello</html>"}, "iCalendar"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_failing_feed_keeps_the_last_good_import(
    server, organisation, case, caplog, django_capture_on_commit_callbacks
):
    url = server.serve("/good-then-bad.ics", feeds.floating(MONDAY))
    source = source_for(organisation, url)
    run_import(source)
    path, route, reason = BROKEN[case]
    server.routes[path] = route
    source.url = server.url(path)
    source.etag = source.content_digest = ""
    source.save()
    with (
        caplog.at_level(logging.WARNING, logger="calendarimport.importer"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = run_import(source)
    assert run.outcome == ImportRun.Outcome.FAILED
    assert reason in run.log
    assert any(reason in record.getMessage() for record in caplog.records)
    source.refresh_from_db()
    assert reason in source.last_error
    quiz = imported(organisation, "quiz-night-1")
    assert quiz.live and quiz.status == Status.SCHEDULED  # nothing lost
    assert [message.to for message in mail.outbox] == [["office@stmarys.example.org"]]
    assert reason in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        run_import(source)  # failing again: no second e-mail
    assert len(mail.outbox) == 1


def test_a_host_that_resolves_to_a_private_address(organisation, monkeypatch):
    def resolve(host, port):
        return ["10.0.0.1"] if host == "calendar.example.org" else []

    monkeypatch.setattr(fetch_module, "resolve", resolve)
    run = run_import(source_for(organisation, "https://calendar.example.org/feed.ics"))
    assert run.outcome == ImportRun.Outcome.FAILED
    assert "private or local network" in run.log


@pytest.mark.parametrize(
    "address",
    ["10.0.0.1", "192.168.1.1", "169.254.169.254", "172.16.0.1", "::1", "fe80::1", "0.0.0.0"],  # noqa: S104,
)
def test_non_public_addresses_are_refused(address, settings):
    settings.CALENDAR_IMPORT_ALLOW_LOOPBACK = False
    with pytest.raises(fetch_module.FetchError):
        fetch_module.check_address(address)


def test_loopback_only_with_the_setting(settings):
    settings.CALENDAR_IMPORT_ALLOW_LOOPBACK = False
    with pytest.raises(fetch_module.FetchError):
        fetch_module.check_address("127.0.0.1")
    settings.CALENDAR_IMPORT_ALLOW_LOOPBACK = True
    fetch_module.check_address("127.0.0.1")
    fetch_module.check_address("93.184.215.14")


def test_the_etag_and_last_modified_are_sent_back(server, organisation):
    url = server.serve("/conditional.ics", feeds.floating(MONDAY))
    source = source_for(organisation, url)
    run_import(source)
    run_import(source)
    path, headers = server.requests[-1]
    assert path == "/conditional.ics" and headers.get("If-None-Match") == source.etag


def test_due_feeds_are_queued(server, organisation, django_capture_on_commit_callbacks):
    url = server.serve("/due.ics", feeds.floating(MONDAY))
    with django_capture_on_commit_callbacks(execute=True):
        source = source_for(organisation, url)  # a new address is imported at once
    source.refresh_from_db()
    assert source.last_success_at is not None
    from calendarimport.tasks import queue_due

    assert queue_due() == 0
    assert queue_due(timezone.now() + datetime.timedelta(hours=4)) == 1
