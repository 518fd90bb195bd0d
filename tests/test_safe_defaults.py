"""Production settings are safe, and login attempts are throttled per username and address."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from claims.public.throttle import client_ip
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    """Run manage.py in a fresh process with only ``env`` (and PATH) set; the checkout's .env is
    not read unless ``env`` names an env file."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "FACTCHECK_ENV_FILE": "", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def make(*args):
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def demo_env_file(tmp_path):
    """The .env file `make run` writes, written here by the same rule."""
    env_file = tmp_path / ".env"
    result = make(f"ENV_FILE={env_file}", str(env_file))
    assert result.returncode == 0, result.stderr
    return env_file


def test_the_demo_settings_are_written_once_and_every_command_reads_them(demo_env_file, tmp_path):
    written = demo_env_file.read_text()
    assert make(f"ENV_FILE={demo_env_file}", str(demo_env_file)).returncode == 0
    assert demo_env_file.read_text() == written
    assert demo_env_file.stat().st_mode & 0o077 == 0  # the secret is readable by its owner only
    show = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, len(settings.SECRET_KEY) >= 50)"
    )
    result = manage("shell", "-v", "0", "-c", show, FACTCHECK_ENV_FILE=str(demo_env_file))
    assert result.stdout.strip() == "False ['127.0.0.1', 'localhost'] True", result.stderr
    # The environment wins over the file.
    result = manage(
        "shell", "-v", "0", "-c", show, FACTCHECK_ENV_FILE=str(demo_env_file), ALLOWED_HOSTS="x"
    )
    assert result.stdout.strip() == "False ['x'] True", result.stderr


def test_with_debug_off_as_in_the_demo_an_unknown_address_gets_the_sites_own_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "URLconf" not in response.text  # Django's technical page lists every pattern


def test_make_run_serves_the_demo_with_gunicorn_and_make_dev_with_the_development_server():
    run = make("-n", "run", "PORT=8765").stdout
    assert "gunicorn factcheck.wsgi --bind 127.0.0.1:8765" in run
    assert "collectstatic" in run
    assert "runserver" not in run and "DEBUG=1" not in run
    dev = make("-n", "dev", "PORT=8765").stdout
    assert "DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8765" in dev


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


def log_in(client, username, password, ip="192.0.2.10", forwarded_for=None):
    headers = {"REMOTE_ADDR": ip}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN_URL, {"username": username, "password": password}, **headers)


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


def test_the_lockout_page_tells_the_person_what_to_do(client, throttled):
    UserFactory(username="editor", password="right")
    for _ in range(3):
        response = log_in(client, "editor", "wrong")
    assert response.status_code == 429
    assert "Ask an administrator of the desk to lift the lockout" in response.text
    assert "Lift the lockout" in response.text
    assert "for the next 60 minutes" in response.text


def test_a_superuser_lists_lockouts_and_lifts_one_in_the_desk(client, throttled, superuser):
    UserFactory(username="editor", password="right")
    for _ in range(3):
        log_in(client, "editor", "wrong")
    attempt = AccessAttempt.objects.get(username="editor")
    desk = Client()
    # Through the login form, as a person would (a forced login has no client address).
    assert logged_in(log_in(desk, superuser.username, "pw"))
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "editor" in desk.get(changelist, {"locked_out": "yes"}).text

    response = desk.post(
        changelist,
        {"action": "lift_lockouts", "_selected_action": [attempt.pk]},
        follow=True,
    )

    assert "Lifted 1 lockout(s): editor from 192.0.2.10" in response.text
    assert logged_in(log_in(client, "editor", "right"))


def test_behind_a_proxy_a_lockout_holds_for_that_person_and_address_only(client, throttled):
    throttled.FACTCHECK_PROXY_COUNT = 1
    UserFactory(username="editor", password="right")
    proxy = "10.0.0.5"
    for _ in range(3):
        log_in(client, "editor", "wrong", ip=proxy, forwarded_for="198.51.100.1")
    assert log_in(
        client, "editor", "right", ip=proxy, forwarded_for="198.51.100.1"
    ).status_code == (429)
    assert logged_in(log_in(client, "editor", "right", ip=proxy, forwarded_for="198.51.100.2"))


def test_without_a_proxy_a_forged_forwarded_address_does_not_escape_a_lockout(client, throttled):
    UserFactory(username="editor", password="right")
    for n in range(3):
        log_in(client, "editor", "wrong", forwarded_for=f"203.0.113.{n}")
    assert log_in(client, "editor", "right", forwarded_for="203.0.113.99").status_code == 429


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client_address"),
    [
        (0, "192.0.2.1", None, "192.0.2.1"),
        (0, "192.0.2.1", "203.0.113.7", "192.0.2.1"),
        (1, "10.0.0.5", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.5", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "192.0.2.1", None, "192.0.2.1"),
    ],
)
def test_the_client_address_is_taken_past_the_configured_proxies(
    settings, proxies, remote, forwarded, client_address
):
    settings.FACTCHECK_PROXY_COUNT = proxies
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **headers)) == client_address
