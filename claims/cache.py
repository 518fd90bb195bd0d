"""Caching of what readers see, invalidated at once whenever tracker data changes.

Every cached public value is keyed by a *generation* stored in the shared cache; any
save or delete of tracker data replaces the generation, so every worker process sees the
change on its next request instead of waiting for a timeout. Values are kept in the shared
cache (built once for all processes) and, under the same keys, in a small memory of recent
values in each process; the generation is always read from the shared cache, so neither
can serve a value from before a change.
"""

import threading
import time
from collections import OrderedDict
from functools import wraps
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

GENERATION_KEY = "factcheck:public-generation"
TIMEOUT = 60 * 60


# Within a request the generation is read once: one read of the shared cache instead of
# one per cached value, and every part of a page comes from the same generation.
_request = threading.local()


def generation():
    value = getattr(_request, "generation", None)
    if value is None:
        value = cache.get(GENERATION_KEY)
        if value is None:
            value = time.time_ns()
            cache.add(GENERATION_KEY, value, None)
            value = cache.get(GENERATION_KEY, value)
        if getattr(_request, "active", False):
            _request.generation = value
    return value


def bump():
    """Invalidate every cached public value (called after the writing transaction commits)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    _request.generation = None


def _request_started(**kwargs):
    _request.active, _request.generation = True, None


def _request_finished(**kwargs):
    _request.active, _request.generation = False, None


class RecentValues:
    """A bounded least-recently-used map, private to this process."""

    def __init__(self, size):
        self.size = size
        self.values = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def set(self, key, value):
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)


recent = RecentValues(200)


def _get(key):
    value = recent.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            recent.set(key, value)
    return value


def _set(key, value, timeout):
    cache.set(key, value, timeout)
    recent.set(key, value)


def _current(key):
    """``key`` within the current generation: it stops matching once data changes."""
    return f"factcheck:{generation()}:{key}"


def get_or_build(key, build, timeout=TIMEOUT):
    """The cached value for ``key`` in the current generation, built once when missing."""
    full_key = _current(key)
    value = _get(full_key)
    if value is None:
        value = build()
        _set(full_key, value, timeout)
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
    request_started.connect(_request_started, dispatch_uid="generation-request-started")
    request_finished.connect(_request_finished, dispatch_uid="generation-request-finished")


def _cacheable_request(request):
    """An anonymous GET or HEAD (no session cookie): the page is the same for every reader."""
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _shareable(request, response):
    """A complete 200 that touched no session and sets no cookie may be stored and shared."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.accessed)
        and not response.has_header("Cache-Control")
    )


def _finish(request, response):
    """(headers, body) of a shareable response, or None; the body joined into one piece."""
    if hasattr(response, "render"):
        response.render()
    if not _shareable(request, response):
        return None
    response.content = response.content  # a feed is written in hundreds of small pieces
    if not response.has_header("ETag"):
        set_response_etag(response)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.FACTCHECK_SHARED_MAX_AGE,
        stale_while_revalidate=settings.FACTCHECK_SHARED_MAX_AGE * 5,
    )
    return dict(response.items()), response.content


def _respond(request, stored):
    headers, content = stored
    response = HttpResponse(content, headers=headers)
    last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    not_modified = get_conditional_response(
        request, etag=headers["ETag"], last_modified=last_modified, response=response
    )
    return not_modified or response


def cache_public_page(view):
    """Serve anonymous readers a page rendered once per data generation.

    The body is stored as one byte string with its ETag, so a hit costs two cache reads and
    one write to the socket; a change to tracker data starts a new generation, so every
    worker process serves the new page on its next request. ``Cache-Control`` lets a CDN
    keep public pages for a minute; a logged-in user's copy is private and never stored.
    ``FACTCHECK_PAGE_CACHE=0`` renders every request (the headers stay).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        key = _current(f"page:{sha256(request.get_full_path().encode()).hexdigest()}")
        stored = _get(key) if settings.FACTCHECK_PAGE_CACHE else None
        if stored is None:
            response = view(request, *args, **kwargs)
            stored = _finish(request, response)
            if stored is None:
                return response
            if settings.FACTCHECK_PAGE_CACHE:
                _set(key, stored, TIMEOUT)
        return _respond(request, stored)

    return wrapper
