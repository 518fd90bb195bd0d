"""Reads from a replica, writes to the primary, and never a stale read after a write.

Only a reader's GET or HEAD request outside the editors' desk is routed to a replica
(``ReplicaForSafeRequestsMiddleware`` marks it); the first write in such a request sends
the rest of it to the primary too. Everything else (the desk, forms, management commands,
tests) uses the primary. Replicas are the ``replica1..n`` aliases that ``DATABASE_REPLICA_URLS``
defines in the settings.
"""

import random
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
_use_replica = ContextVar("use_replica", default=False)


def replicas():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        choices = replicas() if _use_replica.get() else None
        return random.choice(choices) if choices else PRIMARY

    def db_for_write(self, model, **hints):
        _use_replica.set(False)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # replicas receive the schema by replication


class ReplicaForSafeRequestsMiddleware:
    """Let a reader's GET/HEAD outside the desk read from a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")
        token = _use_replica.set(safe)
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)
