"""Background work: tasks run by real worker processes on both backends, retried with
back-off, shown in the desk when they finally fail; periodic work queued once when due."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from claims import queue
from claims.models import Evidence, FailedTask, PeriodicRun
from tests.factories import EvidenceFactory
from tests.test_transparency import link_server  # noqa: F401 (a fixture)


@queue.background(attempts=3)
def always_fails(note):
    raise RuntimeError(f"the receiver is down ({note})")


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def run_worker(backend="database"):
    """Run ``desk_worker --once`` in its own process, on the test database."""
    env = {
        **os.environ,
        "SECRET_KEY": "tests-only-not-a-secret",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": backend,
        "FACTCHECK_TASK_RETRY_DELAY": "0",
        "FACTCHECK_ALLOW_PRIVATE_ADDRESSES": "1",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "desk_worker", "--once", "-v", "0"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def rq_backend(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the RQ backend needs a Redis server to run against")
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    django_rq.get_queue("default").empty()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["database", "rq"])
def test_a_failing_task_is_retried_then_shown_failed_in_the_desk(
    backend, request, client, superuser
):
    request.getfixturevalue(f"{backend}_backend")
    queue.after_commit(always_fails, "webhook")
    run_worker(backend)
    failure = FailedTask.objects.get()
    assert (failure.task, failure.attempts) == ("always_fails", 3)
    assert "the receiver is down (webhook)" in failure.error
    client.force_login(superuser)
    page = client.get(reverse("admin:claims_failedtask_changelist")).text
    assert "always_fails" in page


@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_when_the_action_rolls_back(database_backend):
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        queue.after_commit(always_fails, "never")
        1 / 0  # noqa: B018
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["database", "rq"])
def test_the_worker_runs_the_periodic_link_check_once_when_due(
    backend,
    request,
    link_server,  # noqa: F811
):
    request.getfixturevalue(f"{backend}_backend")
    evidence = EvidenceFactory(url=f"{link_server}/fine")
    run_worker(backend)
    evidence.refresh_from_db()
    assert evidence.link_status == 200
    next_run = PeriodicRun.objects.get(name="check links").next_run_at
    assert next_run > timezone.now() + timedelta(hours=23)

    Evidence.objects.update(link_status=None)
    run_worker(backend)  # not due again until tomorrow
    assert Evidence.objects.get().link_status is None


@pytest.mark.django_db
def test_periodic_work_is_claimed_by_one_worker_only(django_capture_on_commit_callbacks):
    now = timezone.now()
    assert queue.enqueue_due(now) == ["check links", "archive evidence"]
    assert queue.enqueue_due(now) == []
    assert queue.enqueue_due(now + timedelta(hours=6)) == ["archive evidence"]
    assert queue.enqueue_due(now + timedelta(days=1)) == ["check links", "archive evidence"]
