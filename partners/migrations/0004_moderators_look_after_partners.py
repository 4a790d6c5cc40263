"""Moderators verify organisations and look after every organisation's offers.

Wagtail's own migrations make the "Moderators" group, with publish permission on the whole
page tree, and the "Moderators approval" workflow that every page submitted for moderation
goes through; this adds the partners app's permissions to that group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
CODENAMES = ["verify_organisationpage", "add_offer", "change_offer", "delete_offer", "view_offer"]


def _permissions(apps, schema_editor):
    # The permissions of this app's new models are normally made after all migrations have
    # run; make them now so the group can be given them.
    app_config = apps.get_app_config("partners")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="partners", codename__in=CODENAMES)


def give_moderators_the_partner_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(*_permissions(apps, schema_editor))


def take_them_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, schema_editor))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0003_sections_projects_offers"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(give_moderators_the_partner_permissions, take_them_back),
    ]
