"""Moderators see the list of volunteers and set which organisations may verify checks."""

from django.db import migrations

from hub.grants import moderators_may

CODENAMES = [
    "view_volunteer",
    "add_checkverifier",
    "change_checkverifier",
    "delete_checkverifier",
    "view_checkverifier",
]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0004_moderators_look_after_partners"),
        ("volunteering", "0001_initial"),
    ]

    operations = [
        moderators_may("volunteering", CODENAMES),
    ]
