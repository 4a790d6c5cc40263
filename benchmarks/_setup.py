"""Shared start-up for the benchmark scripts: Django on a throw-away database."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Django with the test settings on DATABASE_URL, or on a fresh SQLite file."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="hub-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def fresh_postgres_database():
    """Drop and recreate a PostgreSQL DATABASE_URL, so every run starts from nothing.
    (Without DATABASE_URL, _setup makes a new SQLite file.)"""
    import dj_database_url

    config = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    if "postgresql" not in config["ENGINE"]:
        return
    import psycopg

    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres"
    ) as connection:
        connection.autocommit = True
        connection.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def cpu_reference():
    """Milliseconds a fixed pure-Python loop takes now: the same figure on two runs or two
    machines says their other figures can be compared (shared machines vary by 2x)."""
    import time

    started = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number
    return (time.perf_counter() - started) * 1000


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def timed(function, repeat):
    """Run ``function`` ``repeat`` times; the median and p95 in milliseconds."""
    import statistics
    import time

    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)
