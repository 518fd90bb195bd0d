"""Caching of what readers see, invalidated at once whenever tracker data changes.

Every cached public value is keyed by a *generation* stored in the shared cache; any
save or delete of tracker data replaces the generation, so every worker process sees the
change on its next request instead of waiting for a timeout.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "factcheck:public-generation"
TIMEOUT = 60 * 60


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def bump():
    """Invalidate every cached public value (called after the writing transaction commits)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def get_or_build(key, build, timeout=TIMEOUT):
    """The cached value for ``key`` in the current generation, built once when missing."""
    full_key = f"factcheck:{generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value


def _changed(sender, **kwargs):
    transaction.on_commit(bump)


def connect_signals():
    from . import models

    for model in (
        models.Source,
        models.Speaker,
        models.Topic,
        models.Rating,
        models.Claim,
        models.Evidence,
        models.Correction,
        models.Page,
    ):
        post_save.connect(_changed, sender=model, dispatch_uid=f"bump-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"bump-{model.__name__}-delete")
    m2m_changed.connect(_changed, sender=models.Claim.topics.through, dispatch_uid="bump-topics")
