"""The deploy-facing settings: production checks pass, SQLite runs in WAL mode."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, unset=(), timeout=600, **env):
    """Run manage.py in a fresh process with this environment, less the names in ``unset``.
    ``timeout`` guards against a hang; it is no speed limit (a loaded machine is slow)."""
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE (Playwright drives the ORM
    # from its event loop's thread); a deployment never has it.
    dropped = {"DJANGO_ALLOW_ASYNC_UNSAFE", *unset}
    inherited = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "hub.settings.production",
    "SECRET_KEY": "a-real-secret-key-of-fifty-characters-or-more-1234567890abcdef",
    "ALLOWED_HOSTS": "hub.example.org",
    "EMAIL_URL": "submission://hub%40example.org:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "Neighbour Day Hub <hub@example.org>",
    "PASSPORT_ENCRYPTION_KEY": "cGFzc3BvcnQta2V5LWZvci1kZXBsb3ltZW50LXRlc3Q=",
}


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_warn_when_production_has_no_e_mail():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        unset=["EMAIL_URL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL"],
        **{name: value for name, value in PRODUCTION.items() if "EMAIL" not in name},
    )
    assert result.returncode != 0
    assert "hub.W001" in result.stderr
    assert "Set EMAIL_URL" in result.stderr
    assert "hub.W002" in result.stderr


def test_e_mail_comes_from_email_url():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_DELIVERY_BACKEND, s.EMAIL_HOST,"
        " s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_TIMEOUT,"
        " s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL, sep='|')",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split("|") == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "hub@example.org",
        "secret",
        "True",
        "10",
        "Neighbour Day Hub <hub@example.org>",
        "Neighbour Day Hub <hub@example.org>",
    ]


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", unset=["SECRET_KEY"], DJANGO_SETTINGS_MODULE="hub.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_passport_key():
    environment = {k: v for k, v in PRODUCTION.items() if k != "PASSPORT_ENCRYPTION_KEY"}
    result = manage("check", unset=["PASSPORT_ENCRYPTION_KEY"], **environment)
    assert result.returncode != 0
    assert "PASSPORT_ENCRYPTION_KEY" in result.stderr


@pytest.mark.django_db
def test_sqlite_file_databases_use_write_ahead_logging(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has a journal mode")
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        DJANGO_SETTINGS_MODULE="hub.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path}/hub.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"
