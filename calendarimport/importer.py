"""One import of an organisation's calendar into its section of the page tree.

Each series of the feed (:mod:`calendarimport.mapping`) is one ``EventPage`` below the
organisation's page, found again by the feed's UID (:class:`ImportedEvent`):

* new UID: a page is made; an unchanged series (the same fingerprint of its fields) is left
  alone, so a re-import changes nothing; a changed one gets a new revision, and the page is
  saved once for it;
* a UID gone from the feed, or ``STATUS:CANCELLED``: the event is cancelled, never deleted
  (as for every event); one that has already happened is left as it was;
* an event an editor detached, or deleted, is never touched (nor made) again.

A new revision is published at once when the organisation is verified and lets the import
publish (``CalendarSource.publishes_directly``); otherwise it goes to the moderators through
the page's workflow, as an editor's submission would. A feed that cannot be fetched or read
changes nothing: the events of the last good import stay, the run records why, and the
organisation is told (``CalendarSource.last_error``, and an e-mail when it starts failing).
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published
from wagtail.tasks import update_reference_index_task

from events.choices import Status
from events.models import EventDateChange, EventPage
from events.signals import feeds_batched
from hub import mail

from .fetch import FetchError, fetch
from .mapping import NotACalendar, parse
from .models import ImportedEvent, ImportRun

logger = logging.getLogger(__name__)
REMOVED = "removed from the feed"
SOURCE_STATE = [
    "etag",
    "last_modified",
    "content_digest",
    "last_checked_at",
    "last_success_at",
    "last_error",
]


def run_import(source, now=None):
    """Fetch and import ``source``'s feed; the :class:`ImportRun` it made."""
    now = now or timezone.now()
    organisation = source.organisation
    run = ImportRun(organisation=organisation, started_at=now)
    source.last_checked_at = now
    try:
        fetched = fetch(source.url, source.etag, source.last_modified)
        if fetched.status == 304:
            run.outcome = ImportRun.Outcome.NOT_MODIFIED
        else:
            digest = hashlib.sha256(fetched.body).hexdigest()
            if digest == source.content_digest:
                run.outcome = ImportRun.Outcome.UNCHANGED
            else:
                parsed = parse(
                    fetched.body,
                    organisation.postcode,
                    source.category,
                    timezone.localdate(now),
                    settings.CALENDAR_IMPORT_MAX_EVENTS,
                )
                with transaction.atomic(), feeds_batched(), disable_reference_index_auto_update():
                    touched = _apply(source, parsed, run, now)
                    for pk in touched:  # once per page, not once per save
                        update_reference_index_task.enqueue("events", "eventpage", str(pk))
                run.outcome = ImportRun.Outcome.IMPORTED
                source.content_digest = digest
            source.etag, source.last_modified = fetched.etag, fetched.last_modified
    except (FetchError, NotACalendar) as error:
        return _failed(source, run, str(error))
    source.last_success_at = now
    source.last_error = ""
    run.finished_at = timezone.now()
    run.save()
    source.save(update_fields=SOURCE_STATE)
    logger.info("Calendar of %s: %s", organisation.title, run.summary)
    return run


def _failed(source, run, reason):
    organisation = source.organisation
    logger.warning(
        "Calendar of %s (organisation %s) failed: %s", organisation.title, organisation.pk, reason
    )
    run.outcome = ImportRun.Outcome.FAILED
    run.log = reason
    run.finished_at = timezone.now()
    run.save()
    newly_failing = source.last_error != reason
    source.last_error = reason
    source.save(update_fields=SOURCE_STATE)
    if newly_failing:
        _tell(organisation, reason)
    return run


def _tell(organisation, reason):
    """E-mail the organisation's private contact and its editors that the import fails."""
    group = getattr(getattr(organisation, "section", None), "group", None)
    to = {organisation.private_contact_email} if organisation.private_contact_email else set()
    if group is not None:
        to |= set(
            group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
    if to:
        mail.send(
            f"Your calendar could not be imported: {organisation.title}",
            f"The hub could not import the calendar of {organisation.title}:\n\n{reason}\n\n"
            "The events from the last import are kept. Check the address in the admin, under "
            "Calendar imports.",
            sorted(to),
        )


def _apply(source, parsed, run, now):
    organisation = source.organisation
    # The pages themselves are read only for the events that changed.
    known = {item.uid: item for item in ImportedEvent.objects.filter(organisation=organisation)}
    section = _Section(organisation)
    touched, new_items = [], []
    lines = [f"Skipped {what}: {why}." for what, why in parsed.skipped]
    run.skipped = len(parsed.skipped)
    for series in parsed.series:
        item = known.pop(series.uid, None)
        if item is not None and (item.detached or item.event_id is None):
            run.unchanged += 1  # detached, or deleted by an editor: not made again
            continue
        if item is not None and item.fingerprint == series.fingerprint and item.in_feed:
            run.unchanged += 1
            continue
        try:
            if item is None:
                page = _add(section, series, source, now)
                item = ImportedEvent(organisation=organisation, uid=series.uid, event=page)
                run.added += 1
            else:
                page = EventPage.objects.get(pk=item.event_id)
                _fill(page, series)
                _update(page, source, now)
                run.updated += 1
        except ValidationError as error:
            # Checked before anything is written: tried again at the next import.
            run.skipped += 1
            lines.append(f"Skipped {series.fields['title']}: {' '.join(error.messages)}")
            continue
        if series.needs_location_check:
            lines.append(f"{series.fields['title']}: no postcode in its place, so yours was used.")
        touched.append(page.pk)
        item.fingerprint, item.in_feed = series.fingerprint, True
        item.needs_location_check = series.needs_location_check
        if item.pk is None:
            new_items.append(item)
        else:
            item.save()
    section.close()
    ImportedEvent.objects.bulk_create(new_items)
    for item in known.values():
        if item.detached or item.event_id is None or not item.in_feed:
            continue
        page = EventPage.objects.get(pk=item.event_id)
        ended = not page.occurrences.filter(end__gt=now).exists()
        item.in_feed = False
        item.fingerprint = REMOVED
        item.save()
        if ended or page.status == Status.CANCELLED:
            continue
        page.status = Status.CANCELLED
        page.status_message = "This event is no longer in the organisation's calendar."
        _update(page, source, now)
        touched.append(page.pk)
        run.cancelled += 1
    run.log = "\n".join(lines)
    return touched


def _fill(page, series):
    for name, value in series.fields.items():
        setattr(page, name, value)
    if not page.slug:
        tag = hashlib.sha256(series.uid.encode()).hexdigest()[:8]
        page.slug = f"{slugify(series.fields['title'])[:60] or 'event'}-{tag}"
    page.date_changes = [EventDateChange(**change) for change in series.date_changes]


# Set from the organisation and the run, so not worth a query each to check.
_TRUSTED = ["content_type", "locale", "organiser", "owner", "latest_revision", "live_revision"]


def _check(page):
    """Validate ``page`` before anything is written for it, without the queries that check
    what the import itself sets: the references it takes from the organisation and the run,
    and the uid, path and translation key that are new, or unchanged on an update."""
    page.full_clean(exclude=_TRUSTED, validate_unique=False)


class _Section:
    """Places new event pages below the organisation, as treebeard's ``add_child`` does, but
    with the organisation's row locked and its last child looked up once per run rather than
    for every page; and each page is checked before anything is written for it."""

    def __init__(self, organisation):
        self.organisation = organisation
        self.parent = None  # read when the first page is added: none may be
        self.added = 0

    def add(self, page):
        if self.parent is None:
            self.parent = Page.objects.select_for_update().get(pk=self.organisation.pk)
            last = self.parent.get_last_child()
            self.next_path = (
                last._inc_path()
                if last
                else Page._get_path(self.parent.path, self.parent.depth + 1, 1)
            )
        page.depth, page.path = self.parent.depth + 1, self.next_path
        page.locale_id = self.parent.locale_id
        page._cached_parent_obj = self.parent  # as add_child leaves it
        _check(page)
        page.save(clean=False)
        self.next_path = page._inc_path()
        self.added += 1

    def close(self):
        if self.added:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)
            self.organisation.numchild = self.parent.numchild + self.added


def _add(section, series, source, now):
    """A new event page in the organisation's section, published or sent to the moderators.

    Published directly, the page is made live in its one save, with its first revision as
    the live one: what saving a draft, a revision and publishing it would leave (the same
    revision, log entries, Wagtail logging the creation as the page is saved, and
    ``page_published`` signal), without saving the page three times, checking it twice and
    working out its occurrences twice.
    """
    page = EventPage(organiser=section.organisation, live=False)
    _fill(page, series)
    if not source.publishes_directly:
        section.add(page)
        _submit(page)
        return page
    _go_live(page, now)
    section.add(page)
    revision = _revision(page, now)
    Page.objects.filter(pk=page.pk).update(latest_revision=revision, live_revision=revision)
    page.latest_revision = page.live_revision = revision
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    page_published.send(sender=EventPage, instance=page, revision=revision)
    return page


def _update(page, source, now):
    """A new revision of an imported page whose fields the import changed: published, or
    submitted to the moderators' workflow.

    Published directly, the revision is made and the page saved once, live with it: what
    ``save_revision()`` and publishing the revision would leave (the revision, the edit,
    rename and publish log entries, ``page_published``, an editor's workflow cancelled, the
    aliases updated), without saving and checking the page twice, reading it back from the
    revision, or working out its occurrences and search entry twice.
    """
    if not source.publishes_directly:
        _submit(page)
        return
    _check(page)
    previous_title = page.draft_title
    _go_live(page, now)
    revision = _revision(page, now)
    page.latest_revision = page.live_revision = revision
    page.save(clean=False)
    log(instance=page, action="wagtail.edit", revision=revision, content_changed=True)
    if previous_title != page.title:
        log(
            instance=page,
            action="wagtail.rename",
            data={"title": {"old": previous_title, "new": page.title}},
            revision=revision,
        )
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    page_published.send(sender=EventPage, instance=page, revision=revision)
    if (workflow_state := page.current_workflow_state) is not None:
        workflow_state.cancel()  # as publishing does: the import's version is live now
    page.update_aliases(revision=revision, _content=revision.content)


def _go_live(page, now):
    """The page's publishing fields as publishing a revision made ``now`` leaves them."""
    page.live, page.has_unpublished_changes, page.expired = True, False, False
    page.first_published_at = page.first_published_at or now
    page.last_published_at = page.latest_revision_created_at = now
    page.draft_title = page.title


def _revision(page, now):
    return Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
        created_at=now,
    )


def _submit(page):
    """A new revision, submitted to the moderators' workflow."""
    page.save_revision(log_action=True)
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(page, None)
