"""Background work: tasks on django-tasks' queue, queued after commit, retried with back-off,
and periodic work claimed by whichever worker comes first.

The database backend is the default (``manage.py desk_worker`` runs it); ``TASKS_BACKEND=rq``
runs the same tasks on RQ workers. The API is Django 6's ``django.tasks``, through its backport.
"""

import functools
import logging
import traceback
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import FailedTask, PeriodicRun

logger = logging.getLogger(__name__)

ATTEMPTS = 5


def background(attempts=ATTEMPTS, **options):
    """Make ``func`` a task that, when it raises, is queued again after a growing delay
    (``FACTCHECK_TASK_RETRY_DELAY`` seconds, doubled each time) until it has been tried
    ``attempts`` times, then recorded as a :class:`FailedTask`.

    Tasks must be idempotent: a retry, or a worker lost mid-task, runs one again.
    """

    def decorate(func):
        @functools.wraps(func)
        def run(*args, attempt=1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception as error:
                if attempt < attempts:
                    delay = settings.FACTCHECK_TASK_RETRY_DELAY * 2 ** (attempt - 1)
                    retry = the_task.using(run_after=timezone.now() + timedelta(seconds=delay))
                    (retry if delay else the_task).enqueue(*args, attempt=attempt + 1, **kwargs)
                    logger.warning(
                        "%s failed (attempt %d), retrying: %s", func.__name__, attempt, error
                    )
                else:
                    FailedTask.objects.create(
                        task=func.__name__,
                        arguments={"args": list(args), "kwargs": kwargs},
                        attempts=attempt,
                        error="".join(traceback.format_exception(error))[-5000:],
                    )
                raise

        the_task = task(**options)(run)
        return the_task

    return decorate


def after_commit(the_task, *args, **kwargs):
    """Queue ``the_task`` once the current transaction commits (at once outside one).

    A queue that cannot be reached is logged, never an error for the action that queued it.
    """
    transaction.on_commit(lambda: the_task.enqueue(*args, **kwargs), robust=True)


@dataclass(frozen=True)
class Periodic:
    """Work run every ``every``; ``task`` is the dotted path of a task taking no arguments."""

    name: str
    task: str
    every: timedelta


SCHEDULE = [
    Periodic("check links", "claims.tasks.check_links", timedelta(days=1)),
    Periodic("archive evidence", "claims.tasks.archive_pending", timedelta(hours=6)),
]


def enqueue_due(now=None):
    """Queue each piece of periodic work that is due, claiming it first so that, with several
    workers, only one of them queues it. Returns the names queued."""
    now = now or timezone.now()
    queued = []
    for periodic in SCHEDULE:
        run, _ = PeriodicRun.objects.get_or_create(
            name=periodic.name, defaults={"next_run_at": now}
        )
        claimed = PeriodicRun.objects.filter(pk=run.pk, next_run_at__lte=now).update(
            next_run_at=now + periodic.every
        )
        if claimed:
            import_string(periodic.task).enqueue()
            queued.append(periodic.name)
    return queued
