"""One migration operation for every app that gives Wagtail's "Moderators" group (made by
Wagtail's own migrations) some of its permissions: :func:`moderators_may`."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

__all__ = ["MODERATORS", "moderators_may"]

MODERATORS = "Moderators"


def moderators_may(app_label, codenames):
    """A ``RunPython`` that gives the Moderators group these permissions of ``app_label``,
    and takes them back when the migration is reversed."""

    def permissions(apps, schema_editor):
        # Permissions are normally made after all migrations have run; make the app's now.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
        app_config.models_module = None
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    def give(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        group, _created = Group.objects.get_or_create(name=MODERATORS)
        group.permissions.add(*permissions(apps, schema_editor))

    def take_back(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        group = Group.objects.filter(name=MODERATORS).first()
        if group is not None:
            group.permissions.remove(*permissions(apps, schema_editor))

    return migrations.RunPython(give, take_back)
