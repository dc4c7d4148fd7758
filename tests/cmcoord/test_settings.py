import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import cmcoord.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _import_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_runs_without_secret_key_on_sqlite_by_default():
    result = _import_settings({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = _import_settings({"SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://u@h:5432/d"})
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_the_tests_run_on_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"


def test_an_empty_database_url_means_the_sqlite_default():
    result = _import_settings({"DEBUG": "1", "DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


@pytest.mark.django_db
def test_web_requests_run_without_parallel_workers_unless_told():
    # the connection's own setting: the lists' parallel plans were the slow ones (issue 15)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
    # and DB_PARALLEL_WORKERS gives them back
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cmcoord.settings as s; print(s.DATABASES['default']['OPTIONS']['options'])",
        ],
        cwd=ROOT,
        env={
            **clean,
            "SECRET_KEY": "x" * 60,
            "DATABASE_URL": "postgres://u@h:5432/d",
            "DB_PARALLEL_WORKERS": "2",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert "-c max_parallel_workers_per_gather=2" in result.stdout, result.stderr
