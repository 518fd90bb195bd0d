"""Conditional GET for the public data (API, CSV, feeds, sitemap): 304 when nothing changed.

The validators come from the cache generation (``claims.cache``), which every save or delete
of tracker data replaces once its transaction has committed. That covers what a timestamp
column would miss (a renamed speaker or rating, a retraction) and costs no query.
"""

from datetime import UTC, datetime

from django.views.decorators.http import condition

from .. import cache


def last_modified(request, *args, **kwargs):
    """When the public data last changed, as far as this deployment knows."""
    return datetime.fromtimestamp(cache.generation() / 1e9, tz=UTC)


def etag(request, *args, **kwargs):
    """The generation itself, exact to the nanosecond where Last-Modified has whole seconds."""
    return f'"{cache.generation()}"'


public_data = condition(etag_func=etag, last_modified_func=last_modified)
