"""Moderators look after every organisation's calendar import, as they do its offers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
CODENAMES = [
    "add_calendarsource",
    "change_calendarsource",
    "delete_calendarsource",
    "view_calendarsource",
    "change_importedevent",
    "view_importedevent",
    "view_importrun",
]


def _permissions(apps, schema_editor):
    app_config = apps.get_app_config("calendarimport")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="calendarimport", codename__in=CODENAMES
    )


def give(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(*_permissions(apps, schema_editor))


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, schema_editor))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("calendarimport", "0001_initial"),
        ("partners", "0004_moderators_look_after_partners"),
    ]

    operations = [migrations.RunPython(give, take_back)]
