"""Every change public pages can show starts a new page cache generation (hub.pagecache).

The hub watches what Wagtail owns: every page model (saves, deletes, publishing, unpublishing,
moves), view restrictions (of pages and of collections), sites, redirects, images, documents,
tags, every registered site setting and snippet, and every model whose rows belong to one of
those through a ``ParentalKey`` (a page's inline date changes, a setting's Neighbour Day
dates). An app watches its own other models with :func:`watch` from its ``ready()``
(partners: offers), or watches them in a scope of their own when only a few views show them
(neighbourday: the counts, see ``hub.pagecache.scoped``); a change made without signals
(``QuerySet.update()``) calls :func:`hub.pagecache.changed` (or ``scope_changed``) itself.
The hub imports no app.

Saves that only touch Wagtail's bookkeeping (a draft revision, a lock, an image's file size
read while a page renders) change nothing the public sees and start no generation, so editors
saving drafts on Neighbour Day do not empty the cache.
"""

from functools import partial

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.registry import registry as setting_models
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import pagecache

BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_by",
        "locked_at",
        "file_size",
        "file_hash",
    }
)

_watched = set()


def watch(*models, scope=None):
    """Start a new page cache generation whenever a row of these models is saved or deleted:
    of the whole site, or with ``scope`` only of the views declared ``pagecache.scoped`` to it."""
    announce = pagecache.changed if scope is None else partial(pagecache.scope_changed, scope)
    for model in models:
        if model in _watched:
            continue
        _watched.add(model)
        # Held strongly: a partial has no other reference to keep it alive.
        post_save.connect(
            partial(_saved, announce=announce),
            sender=model,
            weak=False,
            dispatch_uid=f"pagecache:save:{model._meta}",
        )
        post_delete.connect(
            announce, sender=model, weak=False, dispatch_uid=f"pagecache:{model._meta}"
        )


def watched():
    """The models whose changes start a new generation."""
    return frozenset(_watched)


def _saved(sender, instance, raw=False, update_fields=None, announce=pagecache.changed, **kwargs):
    if raw:
        return  # loading fixtures
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    announce()


def connect():
    """Watch what Wagtail owns (called once, from the hub's ``ready()``)."""
    pages = [model for model in apps.get_models() if issubclass(model, Page)]
    watch(
        *pages,
        PageViewRestriction,
        Site,
        Redirect,
        CollectionViewRestriction,
        get_image_model(),
        get_document_model(),
        Tag,
        *setting_models,
        *get_snippet_models(),
    )
    owners = tuple(_watched)
    watch(
        *(
            model
            for model in apps.get_models()
            if any(
                isinstance(field, ParentalKey) and issubclass(field.related_model, owners)
                for field in model._meta.get_fields()
            )
        )
    )
    # Publishing a revision saves the page (seen above); moves are made with queryset
    # updates and send only this signal.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(pagecache.changed, dispatch_uid=f"pagecache:{signal}")
