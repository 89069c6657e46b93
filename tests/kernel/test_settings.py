"""Production settings come from the environment and refuse to start when they are wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.smoke
def test_check_deploy_is_clean_with_production_settings_from_the_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_off_without_secret_key_stops_with_a_clear_message():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_short_secret_key_is_refused():
    result = manage("check", DEBUG="0", SECRET_KEY="short", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_debug_off_without_allowed_hosts_stops_with_a_clear_message():
    result = manage("check", DEBUG="0", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_a_malformed_boolean_stops_start_up_naming_the_variable():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_a_malformed_database_url_stops_start_up():
    result = manage("check", DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "DATABASE_URL is malformed" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(GOOD_KEY + "\n")
    result = manage(
        "check", DEBUG="0", SECRET_KEY_FILE=str(key_file), ALLOWED_HOSTS="portal.example.org"
    )
    assert result.returncode == 0, result.stderr


def test_a_silence_shorter_than_three_heartbeats_is_refused():
    result = manage("check", WORKER_HEARTBEAT_SECONDS="30", WORKER_SILENCE_SECONDS="60")
    assert result.returncode != 0
    assert "WORKER_SILENCE_SECONDS must be at least three WORKER_HEARTBEAT_SECONDS" in result.stderr


def test_a_task_time_limit_below_the_documents_hard_limit_is_refused():
    result = manage("check", CELERY_TASK_TIME_LIMIT="60")
    assert result.returncode != 0
    assert "CELERY_TASK_TIME_LIMIT must not be below REPORTS_HARD_TIME_LIMIT" in result.stderr
