"""Moderators look after every organisation's needs (members only their own: see
needs.permissions)."""

from django.db import migrations

from hub.grants import moderators_may

CODENAMES = ["add_need", "change_need", "delete_need", "view_need"]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("needs", "0001_initial"),
    ]

    operations = [
        moderators_may("needs", CODENAMES),
    ]
