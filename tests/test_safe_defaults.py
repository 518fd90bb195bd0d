"""Production settings are safe, and login attempts are throttled per username and address."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    """Run manage.py in a fresh process with only ``env`` (and PATH) set."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret", ["", "insecure-development-key-only-used-with-debug-on"], ids=["unset", "dev-key"]
)
def test_startup_refuses_without_a_real_secret_key_when_debug_is_off(secret):
    result = manage("check", SECRET_KEY=secret, DEBUG="0", ALLOWED_HOSTS="factcheck.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_bad_boolean_in_the_environment_stops_startup():
    result = manage("check", SECRET_KEY=secrets.token_urlsafe(50), DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_database_connections_are_kept_and_checked_as_the_environment_says():
    show = (
        "from django.conf import settings; "
        "print(sorted((alias, db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS']) "
        "for alias, db in settings.DATABASES.items()))"
    )
    databases = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://factcheck@primary.example/factcheck",
        "DATABASE_REPLICA_URLS": "postgres://factcheck@replica.example/factcheck",
    }
    default = manage("shell", "-v", "0", "-c", show, **databases)
    assert default.stdout.strip() == "[('default', 60, False), ('replica1', 60, False)]", (
        default.stderr
    )
    checked = manage(
        "shell", "-v", "0", "-c", show, CONN_MAX_AGE="30", CONN_HEALTH_CHECKS="1", **databases
    )
    assert checked.stdout.strip() == "[('default', 30, True), ('replica1', 30, True)]", (
        checked.stderr
    )


def test_pages_carry_a_policy_that_allows_no_inline_script(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split()[1:] == ["'self'"]


# Login throttling through the admin's login form (django-axes).

LOGIN_URL = "/admin/login/?next=/admin/"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def log_in(client, username, password, ip="192.0.2.10"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_login_is_refused_after_too_many_failures_even_with_the_right_password(client, throttled):
    UserFactory(username="editor", password="right")
    for _ in range(2):
        assert log_in(client, "editor", "wrong").status_code == 200
    assert log_in(client, "editor", "wrong").status_code == 429
    response = log_in(client, "editor", "right")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_only_for_that_username_and_address(client, throttled):
    UserFactory(username="editor", password="right")
    UserFactory(username="researcher", password="right")
    for _ in range(3):
        log_in(client, "editor", "wrong")
    assert logged_in(log_in(client, "editor", "right", ip="192.0.2.99"))
    client.logout()
    assert logged_in(log_in(client, "researcher", "right"))


def test_a_successful_login_resets_the_failure_count(client, throttled):
    UserFactory(username="editor", password="right")
    for _ in range(2):
        log_in(client, "editor", "wrong")
    assert logged_in(log_in(client, "editor", "right"))
    client.logout()
    for _ in range(2):
        log_in(client, "editor", "wrong")
    assert logged_in(log_in(client, "editor", "right"))
