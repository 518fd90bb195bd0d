"""Readers' pages read from a replica; the desk, forms and what follows a write, the primary."""

import pytest
from django.test import RequestFactory

from claims.models import Claim
from factcheck.routers import PrimaryReplicaRouter, ReplicaForSafeRequestsMiddleware

# Only the router's choice is tested; no query is sent to the second alias.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def two_databases(settings):
    settings.DATABASES = {
        "default": settings.DATABASES["default"],
        "replica1": {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}},
    }


def route(method, path, write=False):
    """The databases a request's reads go to, before and after an optional write."""
    router, seen = PrimaryReplicaRouter(), []

    def view(request):
        seen.append(router.db_for_read(Claim))
        if write:
            seen.append(router.db_for_write(Claim))
            seen.append(router.db_for_read(Claim))
        return seen

    ReplicaForSafeRequestsMiddleware(view)(getattr(RequestFactory(), method)(path))
    return seen


def test_readers_get_reads_from_the_replica(two_databases):
    assert route("get", "/claims/") == ["replica1"]
    assert route("head", "/feeds/checks.rss") == ["replica1"]


def test_reads_after_a_write_in_the_same_request_use_the_primary(two_databases):
    assert route("get", "/claims/", write=True) == ["replica1", "default", "default"]


def test_the_next_request_reads_from_the_replica_again(two_databases):
    route("get", "/claims/", write=True)
    assert route("get", "/claims/") == ["replica1"]


def test_posts_and_the_editors_desk_use_the_primary(two_databases):
    assert route("post", "/claims/") == ["default"]
    assert route("get", "/admin/claims/claim/") == ["default"]


def test_work_outside_a_request_uses_the_primary(two_databases):
    assert PrimaryReplicaRouter().db_for_read(Claim) == "default"


def test_without_replicas_everything_uses_the_primary():
    assert route("get", "/claims/") == ["default"]


def test_only_the_primary_is_migrated(two_databases):
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "claims")
    assert not router.allow_migrate("replica1", "claims")
