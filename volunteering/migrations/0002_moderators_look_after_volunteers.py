"""Moderators see the list of volunteers and set which organisations may verify checks."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
CODENAMES = [
    "view_volunteer",
    "add_checkverifier",
    "change_checkverifier",
    "delete_checkverifier",
    "view_checkverifier",
]


def _permissions(apps, schema_editor):
    app_config = apps.get_app_config("volunteering")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="volunteering", codename__in=CODENAMES)


def give_moderators_the_volunteer_permissions(apps, schema_editor):
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
        ("partners", "0004_moderators_look_after_partners"),
        ("volunteering", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(give_moderators_the_volunteer_permissions, take_them_back),
    ]
