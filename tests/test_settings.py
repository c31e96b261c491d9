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
