"""The "Neighbour Day gatherings" section of the page tree, and what moderators may do.

The section is made under the default site's home page (where a site exists: a fresh
database gets one from ``load_demo`` instead, which makes the section the same way). Moderators
(the group Wagtail's own migrations make) may see and hide registrations and edit the
road-closure guidance and the pack's documents.
"""

import uuid

from django.db import migrations
from django.utils import timezone

from hub.grants import moderators_may

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4
SLUG = "neighbour-day"
TITLE = "Neighbour Day gatherings"
CODENAMES = [
    "view_gathering",
    "change_gathering",
    "add_councilguidance",
    "change_councilguidance",
    "delete_councilguidance",
    "view_councilguidance",
    "add_packdocument",
    "change_packdocument",
    "delete_packdocument",
    "view_packdocument",
]


def _child_path(page_model, parent):
    last = (
        page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = 0
    if last:
        for character in last[-STEP:]:
            number = number * len(ALPHABET) + ALPHABET.index(character)
        number += 1
    else:
        number = 1
    digits = ""
    for _ in range(STEP):
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return parent.path + digits


def add_section(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GatheringIndexPage = apps.get_model("neighbourday", "GatheringIndexPage")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    home = Page.objects.get(pk=site.root_page_id)
    if home.content_type.model != "homepage":
        return  # Wagtail's placeholder: load_demo replaces it, and makes the section then
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=SLUG).exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="neighbourday", model="gatheringindexpage"
    )
    now = timezone.now()
    GatheringIndexPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=SLUG,
        content_type=content_type,
        path=_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        show_in_menus=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        intro="",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("neighbourday", "0001_initial"),
        ("home", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(add_section, migrations.RunPython.noop),
        moderators_may("neighbourday", CODENAMES),
    ]
