"""Moving models between apps keeps every row, and the site serves the same pages and feeds.

A throw-away database is migrated to where ``main`` stood before the hub app had models (the
leaf migrations below) with Django's MigrationExecutor, given the content types and
permissions that ``migrate`` makes, and filled by ``load_demo``; then it is migrated forward
as a deployment would (``manage.py migrate``). Every table keeps its rows, a group keeps the
permission it was given on the moved settings, and the feeds, the map search's GeoJSON and
the public pages are the same bytes before and after. It runs in a fresh process on a
database of its own: a copy of the suite's SQLite file's kind, or a new PostgreSQL database
on the same server.
"""

import json
from pathlib import Path

import pytest
from django.db import connection

from .test_settings import manage

ROOT = Path(__file__).resolve().parents[2]

# The last migration of each of the hub's apps before HubSettings, NeighbourDayDate and
# PlaceLookup moved from home to hub. The demo is loaded by today's code, so an app whose
# later migrations do not touch the move is taken to its latest (events' organiser contact
# fields and contact form rows, which the demo fills).
OLD_LEAVES = {
    "home": "0002_place_lookup",
    "events": "0005_organiser_contact",
    "partners": "0004_moderators_look_after_partners",
}
ADDRESSES = [
    "/events/feed.ics",
    "/events/feed.ics?postcode=SN10+1AB&radius=25",
    "/partners/st-marys-church-devizes/feed.ics",
    "/api/search.geojson?postcode=SN10+1AB&radius=25",
    "/api/search.geojson?postcode=LS1+1UR&radius=10&kind=offers",
    "/",
    "/events/",
    "/partners/",
    "/partners/st-marys-church-devizes/",
    "/partnerships/",
    "/offers/",
    "/search/?postcode=SN10+1AB&radius=5",
    "/sitemap.xml",
]


def _site():
    """Every table's row count, and what each address serves (built afresh, caches empty)."""
    from django.core.cache import caches
    from django.test import Client

    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    served = {}
    for address in ADDRESSES:
        for cache in caches.all():
            cache.clear()
        response = Client().get(address)
        served[address] = [response.status_code, response.content.decode()]
    return {"counts": counts, "served": served}


def scenario():
    """Run in a fresh process by the test: prints the site before and after, as JSON."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.recorder import MigrationRecorder
    from django.test.utils import setup_test_environment

    from hub.models import PlaceLookup

    setup_test_environment()
    executor = MigrationExecutor(connection)
    ours = {config.label for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    targets = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in ours]
    targets += OLD_LEAVES.items()
    plan = executor.migration_plan(targets)
    state = executor.migrate(targets)
    # What migrate makes after its migrations: content types and permissions, of the models
    # as they were then (home.HubSettings...).
    emit_post_migrate_signal(0, False, connection.alias, apps=state.apps, plan=plan)
    moderators = Group.objects.get(name="Moderators")
    moderators.permissions.add(
        Permission.objects.get(content_type__app_label="home", codename="change_hubsettings")
    )
    call_command("load_demo", verbosity=0)
    PlaceLookup.objects.create(
        query="devizes",
        latitude=51.35,
        longitude=-1.99,
        label="Devizes, Wiltshire",
        looked_up_at="2026-01-01T00:00:00Z",
    )
    _site()  # pages make the image renditions they show the first time they are served
    before = _site()
    recorder = MigrationRecorder(connection)
    applied = set(recorder.applied_migrations())
    call_command("migrate", verbosity=0, interactive=False)
    after = _site()
    after["newly_applied"] = sorted(set(recorder.applied_migrations()) - applied)
    after["moderators_may_change_settings"] = moderators.permissions.filter(
        content_type__app_label="hub", codename="change_hubsettings"
    ).exists()
    after["content_types_left_in_home"] = sorted(
        apps.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="home")
        .values_list("model", flat=True)
    )
    print(json.dumps({"before": before, "after": after}))  # noqa: T201


@pytest.fixture
def throwaway_database(tmp_path):
    """The DATABASE_URL of a new, empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_migrations"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
    }
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_a_database_from_before_the_move_keeps_every_row_and_serves_the_same(
    throwaway_database,
):
    result = manage(
        "shell",
        "-c",
        "from tests.hub.test_migrations import scenario; scenario()",
        unset=["REDIS_URL"],
        DJANGO_SETTINGS_MODULE="hub.settings.test",
        DATABASE_URL=throwaway_database,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    before, after = report["before"], report["after"]

    newly_applied = [tuple(name) for name in after["newly_applied"]]
    assert ("hub", "0001_initial") in newly_applied
    assert ("home", "0003_settings_and_place_lookups_move_to_hub") in newly_applied
    migrations = "django_migrations"  # the one table that grows: a row per migration applied
    assert after["counts"].pop(migrations) == before["counts"].pop(migrations) + len(newly_applied)
    assert after["counts"] == before["counts"]
    assert before["counts"]["home_hubsettings"] == 1
    assert before["counts"]["home_neighbourdaydate"] == 2
    assert before["counts"]["home_placelookup"] == 1
    assert before["counts"]["wagtailcore_page"] > 100  # the demo is there

    for address in ADDRESSES:
        assert before["served"][address][0] == 200, address
        assert after["served"][address] == before["served"][address], address
    feed = after["served"]["/events/feed.ics"][1]
    assert feed.count("BEGIN:VEVENT") > 50

    assert after["moderators_may_change_settings"]
    assert not {"hubsettings", "neighbourdaydate", "placelookup"} & set(
        after["content_types_left_in_home"]
    )
