"""Background work: tasks run by real worker processes on both backends, retried with
back-off, shown in the desk when they finally fail; periodic work queued once when due."""

import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from claims import queue
from claims.models import Evidence, FailedTask, PeriodicRun
from tests.factories import EvidenceFactory, UserFactory
from tests.test_safe_defaults import manage
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("backend", ["database", "rq"])
def test_a_failing_task_is_retried_then_shown_failed_in_the_desk(backend, request, client):
    request.getfixturevalue(f"{backend}_backend")
    queue.after_commit(always_fails, "webhook")
    run_worker(backend)
    failure = FailedTask.objects.get()
    assert (failure.task, failure.attempts) == ("always_fails", 3)
    assert "the receiver is down (webhook)" in failure.error
    client.force_login(UserFactory(username="ed", role="Editor"))
    front = client.get(reverse("admin:index")).text
    failed = reverse("admin:claims_failedtask_changelist")
    assert f'<a href="{failed}">Background tasks failed</a></th><td><a href="{failed}">1<' in front
    assert "always_fails" in client.get(failed).text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_queued_when_the_action_rolls_back(database_backend):
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        queue.after_commit(always_fails, "never")
        1 / 0  # noqa: B018
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("backend", ["database", "rq"])
def test_the_worker_runs_the_periodic_link_check_once_when_due(
    backend,
    request,
    link_server,  # noqa: F811
):
    request.getfixturevalue(f"{backend}_backend")
    evidence = EvidenceFactory(url=f"{link_server}/fine")
    PeriodicRun.objects.create(name="check links", next_run_at=timezone.now())  # due now
    run_worker(backend)
    evidence.refresh_from_db()
    assert evidence.link_status == 200
    next_run = PeriodicRun.objects.get(name="check links").next_run_at
    assert next_run > timezone.now() + timedelta(hours=23)

    Evidence.objects.update(link_status=None)
    run_worker(backend)  # not due again until tomorrow
    assert Evidence.objects.get().link_status is None


@pytest.mark.django_db
def test_periodic_work_is_claimed_by_one_worker_only():
    def queued(at):  # the digest has its own hour (below)
        return [name for name in queue.enqueue_due(at) if name != "daily digest"]

    now = timezone.now()
    # A fresh install (the demo among them) is not sent to the network at once.
    assert queued(now) == []
    later = now + timedelta(days=1)
    every_kind = ["check links", "monitor sources", "erase tip addresses", "archive evidence"]
    assert queued(later) == every_kind  # the weekly digest: a week after
    assert queued(later) == []  # a second worker at the same moment
    assert queued(later + timedelta(hours=23)) == ["monitor sources", "archive evidence"]
    assert queued(later + timedelta(days=1)) == every_kind[:3]  # archiving: six hours on
    assert queued(now + timedelta(days=7)) == [*every_kind[:3], "weekly digests", every_kind[3]]


@pytest.mark.django_db
def test_the_digest_goes_out_once_a_day_at_its_hour(settings):
    morning = timezone.make_aware(datetime(2026, 3, 2, settings.FACTCHECK_DIGEST_HOUR, 0))
    before = morning - timedelta(hours=3)
    assert "daily digest" not in queue.enqueue_due(before)
    assert "daily digest" not in queue.enqueue_due(morning - timedelta(minutes=1))
    assert "daily digest" in queue.enqueue_due(morning + timedelta(minutes=1))
    assert "daily digest" not in queue.enqueue_due(morning + timedelta(hours=20))
    assert "daily digest" in queue.enqueue_due(morning + timedelta(days=1, minutes=2))


def test_startup_refuses_an_unknown_queue_or_rq_without_redis():
    result = manage("check", SECRET_KEY="tests-only-not-a-secret", TASKS_BACKEND="celery")
    assert result.returncode != 0 and "TASKS_BACKEND must be database or rq" in result.stderr
    result = manage("check", SECRET_KEY="tests-only-not-a-secret", TASKS_BACKEND="rq")
    assert result.returncode != 0 and "TASKS_BACKEND=rq needs REDIS_URL" in result.stderr
