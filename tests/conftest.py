import os
import tempfile

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management.color import no_style
from django.core.signals import setting_changed
from django.db import connection
from django.utils import translation

from claims import revisions
from claims.models import Page, Rating
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory, rating


def pytest_configure(config):
    from django.conf import settings

    # Password hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Production settings otherwise; the test client speaks plain HTTP and static files
    # are served from the source folders rather than a collectstatic manifest.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    # Test transactions never commit, so the page cache is never invalidated inside a test;
    # tests of the page cache turn it on (tests/test_page_cache.py).
    settings.FACTCHECK_PAGE_CACHE = False
    settings.WHITENOISE_AUTOREFRESH = True
    # client.login() authenticates without a request, which django-axes refuses; the
    # login-throttling tests switch axes back on.
    settings.AXES_ENABLED = False
    # A cache of the tests' own: never a checkout's .cache/ nor a running demo's keys.
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        # A database of the tests' own per test process (clearing one never touches another's,
        # nor the one RQ queues on, REDIS_URL's own).
        base, _, number = redis_url.rpartition("/")
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:])
        redis_url = f"{base}/{int(number or 0) + 1 + worker}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "factcheck-tests",
        }
        if redis_url
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tempfile.mkdtemp(prefix="factcheck-tests-cache-"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "factcheck-tests-pages",
        },
    }
    # The queue's tests start real worker processes, which must see the test database: on
    # SQLite it is a file rather than memory only this process can reach.
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"] = {
            **database.get("TEST", {}),
            "NAME": str(settings.BASE_DIR / ".test-db.sqlite3"),
        }
    # Share images and other files the site writes go to a folder of the tests' own.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="factcheck-tests-media-")
    # Tasks run where they are queued unless a test runs a worker (tests/test_queue.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # The tasks' backends were read when the tasks were defined: start them again.
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    settings.FACTCHECK_TASK_RETRY_DELAY = 0
    # Publishing archives evidence links from the internet; the archive's tests turn it on.
    settings.FACTCHECK_ARCHIVE_EVIDENCE = False
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="factcheck-tests-media-")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Tasks run where they are queued, unless a test runs a worker (tests/test_queue.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _desk_language():
    """Each test starts in the desk's language: a request in another (/ru/…) leaves it active
    in this thread, and the texts a model is created with go to the active language's
    columns (claims/translation.py)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


def _transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _sequences_in_step(db):
    """A transactional test ends by restoring the rows migrations seed (the rating scale, the
    policy pages, the roles) with their ids, which leaves PostgreSQL's sequences behind them:
    they are put in step, so the next test can add a verdict or a page."""
    if connection.vendor == "postgresql":
        seeded = [Rating, Page, Group, Permission, ContentType]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), seeded):
                cursor.execute(sql)


@pytest.fixture(autouse=True)
def _append_only_revisions(request, db):
    """Revisions are append-only in every test. A transactional test ends by emptying every
    table, with DELETE on SQLite, which the triggers refuse: they are lifted for it, and put
    back before the next test (an emptying that restores serialized data runs no migrate)."""
    revisions.install(connection)
    yield
    if _transactional(request):
        revisions.remove(connection)


@pytest.fixture
def researcher(db):
    return UserFactory(username="researcher", role="Researcher")


@pytest.fixture
def other_researcher(db):
    return UserFactory(username="other-researcher", role="Researcher")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="Editor")


@pytest.fixture
def second_editor(db):
    return UserFactory(username="second-editor", role="Editor")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def inactive_editor(db):
    return UserFactory(username="gone", role="Editor", is_active=False)


@pytest.fixture
def ready_claim(researcher):
    """A claim in review, researched by ``researcher``, that meets every publishing rule."""
    claim = ClaimFactory(
        status="in_review",
        researcher=researcher,
        rating=rating("mostly-true"),
        ruling="The figures match the official statistics.",
        summary="Close to the official figures.",
    )
    EvidenceFactory(claim=claim)
    return claim
