"""Run the desk's background work: queued tasks and, when due, the periodic ones."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from claims.queue import enqueue_due


class Command(BaseCommand):
    help = (
        "Run queued tasks (database or RQ backend, as TASKS_BACKEND says) and queue the "
        "periodic work when it is due. Several workers may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run what is due and queued now, then exit."
        )
        parser.add_argument(
            "--interval", type=float, default=2, help="Seconds to wait when the queue is empty."
        )

    def handle(self, *args, once, interval, verbosity, **options):
        try:
            while True:
                for name in enqueue_due():
                    self.stdout.write(f"Queued periodic work: {name}.")
                self.run_queued(verbosity)
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            pass  # Ctrl-C stops `make run`: the worker ends with it, quietly

    def run_queued(self, verbosity):
        """Run every task ready now, then return. The queue's own start and stop lines, every
        few seconds, are shown from ``-v 2``; retries and failures are logged by
        ``claims.queue`` whatever the verbosity."""
        verbosity = verbosity if verbosity > 1 else 0
        if settings.TASKS_BACKEND == "rq":
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                burst=True,
                with_scheduler=True,
                verbosity=verbosity,
            )
        else:
            call_command(
                "db_worker", batch=True, reload=False, startup_delay=False, verbosity=verbosity
            )
