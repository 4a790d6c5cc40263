"""HubSettings, NeighbourDayDate and PlaceLookup now belong to the hub app (hub.0001).

Only Django's state changes: their tables and rows stay where they are, now hub's.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_place_lookup"),
        ("hub", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="NeighbourDayDate"),
                migrations.DeleteModel(name="HubSettings"),
                migrations.DeleteModel(name="PlaceLookup"),
            ],
            database_operations=[],
        ),
    ]
