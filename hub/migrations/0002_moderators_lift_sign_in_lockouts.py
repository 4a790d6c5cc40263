"""Moderators see and lift sign-in lockouts (hub/lockouts.py): axes' view and delete
permissions for the "Moderators" group that Wagtail's own migrations make."""

from django.db import migrations

from hub.grants import moderators_may

CODENAMES = ["view_accessattempt", "delete_accessattempt"]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("hub", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        moderators_may("axes", CODENAMES),
    ]
