"""The settings refuse unsafe production configurations. Each case starts a fresh
interpreter, since settings are read once per process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsapp.settings import env_bool

PROJECT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_with_debug_off_and_no_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # the reason, not a traceback


def test_it_passes_the_deployment_checklist_with_production_values():
    result = run_check(
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_a_misspelt_boolean():
    result = run_check(DJANGO_DEBUG="ture")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("raw, expected", [("1", True), ("yes", True), ("0", False), ("off", False)])
def test_it_parses_booleans_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("EXAMPLE_FLAG", raw)
    assert env_bool("EXAMPLE_FLAG") is expected


def test_postgresql_connections_tell_the_planner_that_random_reads_are_cheap(monkeypatch):
    from newsapp.settings import planner_settings

    postgres = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c statement_timeout=5000"}}
    assert planner_settings(postgres)["OPTIONS"]["options"] == "-c statement_timeout=5000 -c random_page_cost=1.1"
    assert "OPTIONS" not in planner_settings({"ENGINE": "django.db.backends.sqlite3"})
    monkeypatch.setenv("DATABASE_RANDOM_PAGE_COST", "")  # empty: the server's own setting
    assert "OPTIONS" not in planner_settings({"ENGINE": "django.db.backends.postgresql"})


@pytest.mark.django_db
def test_the_database_connection_runs_with_that_cost():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_sqlite_transactions_take_the_write_lock_when_they_begin():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("an SQLite setting")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
