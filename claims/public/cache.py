"""Readers' pages cached whole, and small shared values, per generation of public data.

Django's own per-view cache (``CacheMiddleware``) keeps each page under its absolute URL
(scheme, host, path and query), the active language and the current generation of public
data (``claims.visibility``): a change readers can see starts a new generation, so every
process renders the page again on its next request, while a draft or a tip changes nothing.
Pages live in the ``pages`` cache (each process's memory: the generation in the key keeps
processes in step); ``FACTCHECK_PAGE_CACHE=0`` renders every request.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_cache_control, patch_response_headers, set_response_etag
from django.utils.decorators import decorator_from_middleware_with_args
from django.utils.http import http_date

from ..visibility import generation

TIMEOUT = 60 * 60


class GenerationCacheMiddleware(CacheMiddleware):
    """``CacheMiddleware`` whose keys begin with the current generation of public data."""

    @property
    def key_prefix(self):
        return f"g{generation()}"

    @key_prefix.setter
    def key_prefix(self, value):
        """The prefix is the generation, whatever ``CacheMiddleware`` was given."""


def _shareable(request, response):
    """A complete 200 that touched no session and sets no cookie may be shared by readers."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.accessed)
    )


def _public_headers(view):
    """Marks a shareable response public for a CDN, with an ETag of its body."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if _shareable(request, response):
            set_response_etag(response)
            if not response.has_header("Last-Modified"):  # when public data last changed
                response["Last-Modified"] = http_date(generation() / 1e9)
            max_age = settings.FACTCHECK_SHARED_MAX_AGE
            patch_cache_control(
                response, public=True, max_age=max_age, stale_while_revalidate=max_age * 5
            )
            patch_response_headers(response, max_age)  # Expires agrees with max-age
        return response

    return wrapper


def _logged_in(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def cache_public_page(view):
    """Serve anonymous readers a page rendered once per generation of public data.

    A logged-in editor always gets a fresh, private page, never stored.
    """
    uncached = _public_headers(view)
    cached = decorator_from_middleware_with_args(GenerationCacheMiddleware)(
        page_timeout=TIMEOUT, cache_alias="pages"
    )(uncached)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if _logged_in(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        if not settings.FACTCHECK_PAGE_CACHE:
            return uncached(request, *args, **kwargs)
        return cached(request, *args, **kwargs)

    return wrapper


class _GenerationValues(dict):
    """This process's values of one generation, kept as they are built: a ``LocMemCache``
    would unpickle a thousand-entry menu on every read."""

    generation = None
    limit = 1000  # distinct keys (a count per filter combination) before starting afresh

    def current(self):
        now = generation()
        if self.generation != now or len(self) > self.limit:
            self.clear()
            self.generation = now
        return self


_values = _GenerationValues()


def get_or_build(key, build, timeout=TIMEOUT):
    """The value of ``key`` in the current generation, built once when missing (menus,
    counts): kept in this process and in the shared cache. Callers must not change it."""
    values = _values.current()
    try:
        return values[key]
    except KeyError:
        pass
    full_key = f"factcheck:{values.generation}:{key}"
    shared = caches["default"]
    value = shared.get(full_key)
    if value is None:
        value = build()
        shared.set(full_key, value, timeout)
    values[key] = value
    return value


def get_or_build_each(name, pks, build, timeout=TIMEOUT):
    """[value of each of ``pks``] in the current generation, kept in this process's memory
    (like a ``{% cache %}`` fragment per row); ``build(missing_pks)`` returns {pk: value}
    for those not yet built, all at once."""
    prefix = f"{name}:{generation()}"
    local = caches["pages"]
    pk_of = {f"{prefix}:{pk}": pk for pk in pks}
    found = {pk_of[key]: value for key, value in local.get_many(pk_of).items()}
    missing = [pk for pk in pks if pk not in found]
    if missing:
        built = build(missing)
        local.set_many({f"{prefix}:{pk}": value for pk, value in built.items()}, timeout)
        found.update(built)
    return [found[pk] for pk in pks if pk in found]
