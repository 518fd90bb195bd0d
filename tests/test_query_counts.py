"""Every public page costs at most 6 SQL queries, with 10 claims or 1,000, rendered or cached."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from claims.models import ArchivedCopy, Claim, Source
from tests.factories import ClaimFactory, UserFactory, rating

URLS = [
    "/",
    "/claims/",
    "/claims/?rating=false&topic=economy",
    "/claims/?q=unemployment",
    "/claims/?q=unemployment&rating=false",
    "/feeds/checks.rss",
    "/feeds/checks.atom",
    "/feeds/checks.rss?rating=false",
    "/sitemap.xml",
    "/sitemap-claims.xml",
    "/sitemap-speakers.xml",
    "/sitemap-pages.xml",
    "/methodology/",
    "/topics/economy/",
    "/corrections/",
    "/impact/",
    "/feeds/corrections.rss",
    "/api/claims.json",
    "/api/claims.json?rating=false&page=1",
    "/claims.csv",
    "/claims.csv?q=unemployment",
    "/transparency/log.json",
]


def clear_caches():
    for alias in ("default", "pages"):
        caches[alias].clear()


def public_urls():
    claim = Claim.objects.listed().select_related("speaker").order_by("-published_at").first()
    source = Source.objects.filter(claims__status="published").first()
    speaker = f"/claims/?speaker={claim.speaker.slug}&rating={claim.rating.slug}"
    return [
        *URLS,
        speaker,
        claim.get_absolute_url(),
        f"/claims/{claim.slug}/embed/",
        f"/oembed?url=http://testserver{claim.get_absolute_url()}&maxwidth=400",
        f"{claim.get_absolute_url()}history/",
        reverse("claims:archived-copy", args=[claim.slug, claim.evidence.first().pk]),
        f"/api/claims/{claim.slug}.json",
        claim.speaker.get_absolute_url(),
        source.get_absolute_url(),
    ]


@pytest.fixture(params=[10, 1_000])
def seeded(request, db):
    call_command("seed_bulk", claims=request.param, verbosity=0)
    # The bulk data has no revisions: the newest check gets a history, and the log entries.
    editor = UserFactory(role="Editor")
    for claim in Claim.objects.listed().order_by("-published_at")[:3]:
        workflow.correct(claim, editor, "Newer figures.", kind="update", summary="Revised.")
        for evidence in claim.evidence.all():  # and archived copies of its links
            ArchivedCopy.objects.create(evidence=evidence, fetched_at=timezone.now(), text="Text.")
    return request.param


def test_public_pages_take_at_most_six_queries_cold(
    client, seeded, settings, django_assert_max_num_queries
):
    settings.FACTCHECK_PAGE_CACHE = False
    for url in public_urls():
        clear_caches()  # every page as the first after a change: menus and counts built too
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200, url


def test_cached_public_pages_take_no_query(client, seeded, settings, django_assert_num_queries):
    settings.FACTCHECK_PAGE_CACHE = True
    for url in public_urls():
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", ["/", "/claims/", "/claims/?rating=false"])
def test_a_list_whose_cards_are_kept_reads_only_their_keys(
    client, settings, url, django_assert_num_queries
):
    """With the page cache off, a list already shown in this generation finds its cards'
    kept fragments from one light query, not from the checks' rows."""
    settings.FACTCHECK_PAGE_CACHE = False
    ClaimFactory.create_batch(3, published=True, rating=rating("false"))
    client.get(url)
    with django_assert_num_queries(1) as queries:
        response = client.get(url)
    assert response.content.decode().count('class="card"') == 3
    assert "speaker" not in queries.captured_queries[0]["sql"]
