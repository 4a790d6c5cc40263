"""Moderators look after every organisation's calendar import, as they do its offers."""

from django.db import migrations

from hub.grants import moderators_may

CODENAMES = [
    "add_calendarsource",
    "change_calendarsource",
    "delete_calendarsource",
    "view_calendarsource",
    "change_importedevent",
    "view_importedevent",
    "view_importrun",
]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("calendarimport", "0001_initial"),
        ("partners", "0004_moderators_look_after_partners"),
    ]

    operations = [moderators_may("calendarimport", CODENAMES)]
