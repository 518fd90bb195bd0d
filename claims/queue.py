"""Background work: tasks on django-tasks' queue, queued after commit, retried with back-off,
and periodic work claimed by whichever worker comes first.

The database backend is the default (``manage.py desk_worker`` runs it); ``TASKS_BACKEND=rq``
runs the same tasks on RQ workers. The API is Django 6's ``django.tasks``, through its backport.
"""

import functools
import logging
import traceback
from dataclasses import dataclass
from datetime import time, timedelta

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
                    retry = the_task
                    if delay:
                        retry = the_task.using(run_after=timezone.now() + timedelta(seconds=delay))
                    retry.enqueue(*args, attempt=attempt + 1, **kwargs)
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
    """Work run every ``every``, or each day at the local time ``at``; ``task`` is the dotted
    path of a task taking no arguments."""

    name: str
    task: str
    every: timedelta = timedelta(days=1)
    at: time | None = None

    def next_run(self, now):
        """When the work is next due, having run at ``now``."""
        if self.at is None:
            return now + self.every
        local = timezone.localtime(now)
        due = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return due if due > local else due + timedelta(days=1)


SCHEDULE = [
    Periodic("check links", "claims.tasks.check_links"),
    Periodic(
        "monitor sources",
        "claims.tasks.monitor_sources",
        timedelta(minutes=settings.FACTCHECK_MONITOR_MINUTES),
    ),
    Periodic(
        "daily digest",
        "claims.notifications.send_digests",
        at=time(settings.FACTCHECK_DIGEST_HOUR),
    ),
    Periodic("erase tip addresses", "claims.notifications.erase_tip_emails"),
    Periodic("weekly digests", "claims.subscriptions.send_weekly_digests", timedelta(days=7)),
    Periodic("archive evidence", "claims.archive.retry_archiving", timedelta(hours=6)),
]


def enqueue_due(now=None):
    """Queue each piece of periodic work that is due, claiming it first so that, with several
    workers, only one of them queues it. Returns the names queued."""
    now = now or timezone.now()
    queued = []
    for periodic in SCHEDULE:
        run, _ = PeriodicRun.objects.get_or_create(
            # First due one period on: a fresh install (the demo among them) is not sent to
            # check every link, or read every feed, the moment its worker starts.
            name=periodic.name,
            defaults={"next_run_at": periodic.next_run(now)},
        )
        claimed = PeriodicRun.objects.filter(pk=run.pk, next_run_at__lte=now).update(
            next_run_at=periodic.next_run(now)
        )
        if claimed:
            import_string(periodic.task).enqueue()
            queued.append(periodic.name)
    return queued
