"""Each organisation's own section of the site, and the moderators who approve its pages.

An organisation's pages (its profile, its events, its projects) are the page
:class:`~partners.models.OrganisationPage` and the pages below it. Its editors' group holds
Wagtail page permissions there, and only there: add and edit, which in Wagtail includes
submitting for moderation, but not publish. The "Moderators approval" workflow on the root
of the tree sends every submission to the Moderators group, who publish by approving it.

The section is set up whenever an organisation page is saved (a ``post_save`` receiver),
so it exists however the organisation was made: in the admin, by a copy, by
:func:`create_organisation` (used by the demo loader and the tests) or from the shell. Events
saved in a section are organised by its organisation unless the editor names another.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from events.models import EventIndexPage, EventPage

from .models import OrganisationPage, Section

# Wagtail's own migrations make this group and the "Moderators approval" workflow on the
# root of the tree; ours give the group the partners app's permissions (see migration 0004).
MODERATORS = "Moderators"

# What an organisation's editors may do in their own section, and nothing more.
EDITOR_PERMISSIONS = [("wagtailadmin", "access_admin")]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def create_organisation(parent, **fields):
    """Add a published organisation below the partner directory ``parent``.

    Its section (editors' group, page permissions, collection) is made by the
    ``post_save`` receiver below, exactly as for an organisation made in the admin.
    """
    organisation = OrganisationPage(**fields)
    parent.add_child(instance=organisation)
    organisation.save_revision().publish()
    return organisation


def add_editor(organisation, user):
    user.groups.add(organisation.section.group)


def add_event_links(user, organisations):
    """(label, address) of the create form of a new event wherever ``user`` may add one: in
    each of their ``organisations``' sections, and in the events listing for those (the
    moderators) who may add there. One click from the dashboards to the form."""
    links = [
        (f"Add an event for {organisation.title}", _add_event_url(organisation))
        for organisation in organisations
    ]
    for index in EventIndexPage.objects.live():
        if index.permissions_for_user(user).can_add_subpage():
            links.append(("Add an event", _add_event_url(index)))
    return links


def _add_event_url(parent):
    return reverse("wagtailadmin_pages:add", args=("events", "eventpage", parent.pk))


def set_up_section(organisation):
    """The organisation's section, made if it is missing and renamed if the title changed."""
    section = (
        Section.objects.select_related("group", "collection")
        .filter(organisation=organisation)
        .first()
    )
    if section is not None:
        _keep_names(section, organisation)
        return section
    with transaction.atomic():
        group = Group.objects.create(name=_group_name(organisation))
        group.permissions.add(*_permissions(EDITOR_PERMISSIONS))
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=organisation, permission=permission)
            for permission in _page_permissions(EDITOR_PAGE_PERMISSIONS)
        )
        collection = None
        root_collection = Collection.get_first_root_node()
        if root_collection is not None:
            collection = root_collection.add_child(name=organisation.title)
            GroupCollectionPermission.objects.bulk_create(
                GroupCollectionPermission(group=group, collection=collection, permission=p)
                for p in _permissions(EDITOR_COLLECTION_PERMISSIONS)
            )
        return Section.objects.create(organisation=organisation, group=group, collection=collection)


def _group_name(organisation):
    name = f"Editors of {organisation.title}"[:120]
    clash = Group.objects.filter(name=name).exclude(organisation_section__organisation=organisation)
    return f"{name} ({organisation.pk})" if clash.exists() else name


def _keep_names(section, organisation):
    expected = f"Editors of {organisation.title}"[:120]
    if section.group.name not in (expected, f"{expected} ({organisation.pk})"):
        section.group.name = _group_name(organisation)
        section.group.save(update_fields=["name"])
    if section.collection is not None and section.collection.name != organisation.title:
        section.collection.name = organisation.title
        section.collection.save(update_fields=["name"])


def _permissions(pairs):
    permissions = []
    for app_label, codename in pairs:
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return permissions


def _page_permissions(codenames):
    return _permissions(("wagtailcore", codename) for codename in codenames)


@receiver(post_save, sender=OrganisationPage, dispatch_uid="partners_set_up_section")
def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        set_up_section(instance)


@receiver(post_delete, sender=Section, dispatch_uid="partners_section_deleted")
def section_deleted(sender, instance, **kwargs):
    Group.objects.filter(pk=instance.group_id).delete()


@receiver(pre_save, sender=EventPage, dispatch_uid="partners_event_organiser")
def event_saved(sender, instance, raw=False, **kwargs):
    """An event in an organisation's section is that organisation's, unless another is named.

    So the organisation's profile, its calendar feed and the listing's "organised by" all
    agree without the editor having to pick their own organisation from a list.
    """
    if raw or instance.organiser_id or not instance.path:
        return
    steplen = Page.steplen
    ancestors = [instance.path[:end] for end in range(steplen, len(instance.path), steplen)]
    instance.organiser = (
        OrganisationPage.objects.filter(path__in=ancestors).order_by("-depth").first()
    )
