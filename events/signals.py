"""Dropping cached calendar feeds when the events they could hold change.

Feeds are cached per site (the listing's feeds, whatever their filters) and per organisation
(see :mod:`events.feeds`). Publishing, unpublishing, moving or deleting an event drops the
generations of its site and its organiser, as they were before the change and after it, and
nothing else: draft saves, other sites and other organisations keep their cached feeds, and
every other event keeps its cached text.

Generations are dropped at once and again when the transaction commits, so a feed rebuilt
from the old rows in between does not outlive the change. Organisations are the organiser
relation's own model here; the partners app, which owns them, drops their feeds when one
changes (:mod:`partners.signals`, with :func:`scope` and :func:`forget`). Work that publishes
many events at once gathers the generations with :func:`feeds_batched` and drops them once.
"""

from contextlib import contextmanager
from threading import local

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from . import feeds, tasks
from .models import EventPage


def _sites(url_path):
    return [
        root.site_id
        for root in Site.get_site_root_paths()
        if url_path and url_path.startswith(root.root_path)
    ]


def organiser_model():
    """The model of an event's organiser (an organisation page), from the relation itself."""
    return EventPage._meta.get_field("organiser").related_model


def _sections(url_path):
    """The organisations whose section of the tree holds the page at ``url_path``."""
    parts = (url_path or "").strip("/").split("/")
    ancestors = ["/" + "/".join(parts[:end]) + "/" for end in range(1, len(parts))]
    found = organiser_model().objects.filter(url_path__in=ancestors)
    return set(found.values_list("pk", flat=True))


def scope(url_path, organiser_id):
    """The generation keys of the feeds an event at this place in the tree could be in: its
    site's, its organiser's and those of the organisations whose section holds it."""
    keys = {feeds.site_generation(site_id) for site_id in _sites(url_path)}
    organisations = _sections(url_path) | {organiser_id}
    keys |= {feeds.organisation_generation(pk) for pk in organisations if pk is not None}
    return keys


_batch = local()


@contextmanager
def feeds_batched():
    """Within it, the feed generations that changes drop are gathered, then dropped (and
    their feeds queued to be built) once at the end: for work that publishes many events in
    one go, such as a calendar import, rather than once per event."""
    if getattr(_batch, "keys", None) is not None:  # already in a batch
        yield
        return
    _batch.keys = set()
    try:
        yield
    finally:
        keys, _batch.keys = _batch.keys, None
        forget(keys)


def forget(keys):
    gathering = getattr(_batch, "keys", None)
    if gathering is not None:
        gathering.update(keys)
        return
    if keys:
        keys = list(keys)
        feeds.forget(keys)
        transaction.on_commit(lambda: feeds.forget(keys))
        tasks.queue_feeds(keys)


def _full_save(kwargs):
    return kwargs.get("update_fields") is None and not kwargs.get("raw")


@receiver(pre_save, sender=EventPage)
def remember_event_scope(sender, instance, **kwargs):
    """Note where the live copy was, so moving it to another organiser updates both feeds."""
    instance._feed_scope_before = set()
    if instance.pk and _full_save(kwargs):
        before = (
            EventPage.objects.filter(pk=instance.pk, live=True)
            .values_list("url_path", "organiser_id")
            .first()
        )
        if before:
            instance._feed_scope_before = scope(*before)


@receiver(post_save, sender=EventPage)
def event_saved(sender, instance, **kwargs):
    """A publish or an unpublish (a draft revision is saved with ``update_fields``)."""
    if not _full_save(kwargs):
        return
    keys = set(getattr(instance, "_feed_scope_before", ()))
    if instance.live:
        keys |= scope(instance.url_path, instance.organiser_id)
    forget(keys)


@receiver(post_delete, sender=EventPage)
def event_deleted(sender, instance, **kwargs):
    if instance.live:
        forget(scope(instance.url_path, instance.organiser_id))


def subtree_scope(page, *url_paths):
    """Every feed an event at or below ``page`` could be in, at any of ``url_paths``."""
    organisers = set(
        EventPage.objects.filter(path__startswith=page.path, live=True).values_list(
            "organiser_id", flat=True
        )
    )
    if page.specific_class is organiser_model():
        organisers.add(page.pk)
    keys = set()
    for url_path in url_paths or (page.url_path,):
        keys |= {feeds.site_generation(site_id) for site_id in _sites(url_path)}
        organisers |= _sections(url_path)
    keys |= {feeds.organisation_generation(pk) for pk in organisers if pk is not None}
    return keys


@receiver(post_page_move)
def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """Moving any page moves the events below it (and may take them to another site)."""
    forget(subtree_scope(instance, url_path_before, url_path_after))


@receiver(page_unpublished)
def page_unpublished_anywhere(sender, instance, **kwargs):
    """Unpublishing a listing page or an organisation takes its feed off the site: the
    cached feeds it could serve are dropped, so no poll is answered "not modified" for them."""
    forget(subtree_scope(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    """A view restriction hides the events below it from every feed (or shows them again)."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        forget(subtree_scope(page))


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, instance, **kwargs):
    forget({feeds.site_generation(instance.pk)})
