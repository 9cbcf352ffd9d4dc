import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from alliance_tracker.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-enough-and-random-9f8e7d6c5b4a3f2e1d0c",
    "DJANGO_ALLOWED_HOSTS": "alliances.example.org",
    "DJANGO_HTTPS": "1",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_local_defaults():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={"DATABASE_URL": "sqlite:///:memory:"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_debug_is_off_unless_asked_for():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_malformed_boolean_stops_start_up_with_its_name(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG")


def test_a_malformed_number_stops_start_up_with_its_name(monkeypatch):
    monkeypatch.setenv("SOME_LIMIT", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_LIMIT"):
        env_int("SOME_LIMIT", 10)


def test_a_number_below_its_minimum_is_rejected(monkeypatch):
    monkeypatch.setenv("SOME_LIMIT", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_LIMIT", 10, minimum=0)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example.org, b.example.org,")
    assert env_list("SOME_HOSTS") == ["a.example.org", "b.example.org"]
