"""The site settings and the place-name cache move from the home app to hub, data and all.

``HubSettings``, ``NeighbourDayDate`` and ``PlaceLookup`` were made by ``home`` (its migrations
0001 and 0002). Their tables stay as they are, under their first names (``db_table``), so this
only moves the models in Django's state (``home.0003`` removes them from home's); nothing is
copied, and a database at any earlier state keeps every row.

Their content types are moved too (``app_label`` home to hub), so the permissions made for
them (a group allowed to change the hub settings) and anything pointing at them keep
working; a fresh database has none yet, and gets them for ``hub`` after migrating as usual.
"""

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models

MOVED = ["hubsettings", "neighbourdaydate", "placelookup"]


def _move_content_types(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def to_hub(apps, schema_editor):
    _move_content_types(apps, "home", "hub")


def back_to_home(apps, schema_editor):
    _move_content_types(apps, "hub", "home")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0002_place_lookup"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PlaceLookup",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("query", models.CharField(help_text="The name, in lower case.", max_length=100, unique=True)),
                        ("latitude", models.FloatField(blank=True, null=True)),
                        ("longitude", models.FloatField(blank=True, null=True)),
                        ("label", models.CharField(blank=True, help_text="What the page calls it.", max_length=200)),
                        ("looked_up_at", models.DateTimeField()),
                    ],
                    options={
                        "verbose_name": "place look-up",
                        "db_table": "home_placelookup",
                    },
                ),
                migrations.CreateModel(
                    name="HubSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("tagline", models.CharField(default="Events and help from your neighbours, faith groups and council", max_length=200)),
                        ("footer_text", wagtail.fields.RichTextField(blank=True)),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                    ],
                    options={
                        "verbose_name": "hub settings",
                        "db_table": "home_hubsettings",
                    },
                ),
                migrations.CreateModel(
                    name="NeighbourDayDate",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("date", models.DateField()),
                        ("settings", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="neighbour_days", to="hub.hubsettings")),
                    ],
                    options={
                        "db_table": "home_neighbourdaydate",
                        "ordering": ["date"],
                        "abstract": False,
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_hub, back_to_home),
    ]
