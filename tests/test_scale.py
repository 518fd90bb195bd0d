"""Bulk demo data, counts and indexes that keep the site fast at newsroom scale."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import search, workflow
from claims.models import Claim, Evidence
from claims.public.pagination import CachedCountPaginator, EstimatedCountPaginator
from tests.factories import ClaimFactory


def test_seed_bulk_adds_realistic_published_checks(db):
    call_command("seed_bulk", claims=600, batch=250, verbosity=0)
    claims = Claim.objects.all()
    listed = Claim.objects.listed()
    assert claims.count() == 600
    assert 0.6 < listed.count() / 600 < 0.8
    assert not listed.filter(evidence=None).exists()
    assert not listed.filter(topics=None).exists()
    years = {d.year for d in listed.values_list("published_at", flat=True)}
    assert len(years) >= 9  # spread over ten years
    assert Evidence.objects.count() > listed.count()


def test_seed_bulk_adds_to_what_is_there(db):
    call_command("seed_bulk", claims=50, verbosity=0)
    call_command("seed_bulk", claims=50, verbosity=0)
    assert Claim.objects.count() == 100


def test_seed_bulk_refuses_a_nonsense_size(db):
    with pytest.raises(Exception, match="positive"):
        call_command("seed_bulk", claims=0, verbosity=0)
    assert not Claim.objects.exists()


def test_the_cached_list_count_follows_a_publication(
    client, ready_claim, editor, django_capture_on_commit_callbacks
):
    ClaimFactory(published=True)
    assert "1 check ·" in client.get("/claims/").text
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(ready_claim, "publish", editor)
    assert "2 checks ·" in client.get("/claims/", {"page": "1"}).text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_the_desk_does_not_count_a_large_table(admin_client, monkeypatch):
    call_command("seed_bulk", claims=60, verbosity=0)  # ends with ANALYZE
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 10)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get("/admin/claims/claim/")
    assert response.status_code == 200
    assert not [q for q in queries if 'COUNT(*) AS "__count" FROM "claims_claim"' in q["sql"]]
    assert "60 claims" in response.text  # the planner's estimate, exact after ANALYZE


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on a rebuild")
def test_the_text_index_is_restored_after_a_migration_rebuilds_the_table(client, db):
    with connection.cursor() as cursor:
        for trigger in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER {search.FTS}_{trigger}")
    search.install_after_migrate(using="default")
    ClaimFactory(published=True, text="Turnout was a record")
    assert "Turnout was a record" in client.get("/claims/", {"q": "turnout"}).text


def test_a_deep_page_lists_the_same_checks_as_an_offset(db, monkeypatch):
    call_command("seed_bulk", claims=60, verbosity=0)
    monkeypatch.setattr(CachedCountPaginator, "deep", 10)
    listed = Claim.objects.listed().with_related().newest_first()
    page = CachedCountPaginator(listed, 5).page(4)
    assert [claim.pk for claim in page] == [claim.pk for claim in listed[15:20]]
    assert page.has_next() and page[0].speaker.name  # rows with their speaker loaded


def card_titles(html):
    return re.findall(r'class="card-title"><a href="([^"]+)"', html)


def pagination_link(html, rel):
    return re.search(rf'rel="{rel}" href="([^"]+)"', html)[1].replace("&amp;", "&")


def test_older_and_newer_links_reach_pages_by_key(client, settings):
    settings.FACTCHECK_PAGE_SIZE = 3
    call_command("seed_bulk", claims=40, verbosity=0)
    first = client.get("/claims/").text
    second_url = pagination_link(first, "next")
    assert "after=" in second_url
    second = client.get("/claims/" + second_url).text
    assert card_titles(second) == card_titles(client.get("/claims/?page=2").text)
    third = client.get("/claims/" + pagination_link(second, "next")).text
    assert card_titles(third) == card_titles(client.get("/claims/?page=3").text)
    assert "Page 3 of" in third
    back = client.get("/claims/" + pagination_link(third, "prev")).text
    assert card_titles(back) == card_titles(second)


def test_a_deep_page_by_key_reads_no_rows_before_it(client, settings):
    settings.FACTCHECK_PAGE_SIZE = 3
    call_command("seed_bulk", claims=40, verbosity=0)
    url = "/claims/" + pagination_link(client.get("/claims/?page=4").text, "next")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not any("OFFSET" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize(
    "key", ["x", "1-", "-1", "99999999999999999999-1", "1-2-3", "\uff11-\uff12"]
)
def test_a_key_that_is_not_one_is_ignored(client, key):
    ClaimFactory(published=True, text="The only check")
    page = client.get("/claims/", {"page": "1", "after": key, "before": key})
    assert page.status_code == 200
    assert "The only check" in page.text
