"""ClaimReview JSON-LD, read back out of the rendered claim pages as a search engine would."""

import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db.models import Max, Min
from django.utils.timezone import localdate

from claims.models import Claim, Rating
from tests.factories import (
    ClaimFactory,
    CorrectionFactory,
    SourceFactory,
    SpeakerFactory,
    rating,
)

pytestmark = pytest.mark.django_db


class ScriptBlocks(HTMLParser):
    """Every <script> element of a page as (type, text), split where a browser splits them."""

    def __init__(self, html):
        super().__init__()
        self.blocks, self._open = [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.blocks.append((dict(attrs).get("type"), ""))
            self._open = True

    def handle_data(self, data):
        if self._open:
            kind, text = self.blocks[-1]
            self.blocks[-1] = (kind, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = False


def claimreviews(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return [
        json.loads(text)
        for kind, text in ScriptBlocks(response.text).blocks
        if kind == "application/ld+json"
    ]


def claimreview(client, claim):
    (data,) = claimreviews(client, claim)
    return data


@pytest.fixture
def org(settings):
    settings.FACTCHECK_ORG_NAME = "Daily Checker"
    settings.FACTCHECK_ORG_URL = "https://checker.example/"
    settings.FACTCHECK_ORG_LOGO = "https://checker.example/logo.png"


def test_on_scale_verdict_carries_every_claimreview_field(client, org):
    speaker = SpeakerFactory(name="Ann Minister", kind="person", role="Minister of Energy")
    source = SourceFactory(
        title="Budget speech",
        url="https://news.example/budget",
        publisher="News Example",
        author="Bo Reporter",
        published_at=date(2024, 3, 2),
    )
    claim = ClaimFactory(
        published=True,
        text="Exports doubled.",
        claim_reviewed="Exports of gas doubled in 2023.",
        speaker=speaker,
        source=source,
        claim_date=date(2024, 3, 1),
        rating=rating("mostly-true"),
        published_at=datetime(2024, 3, 5, 10, 0, tzinfo=UTC),
    )
    published = localdate(claim.published_at).isoformat()  # the newsroom's day
    on_scale = Rating.objects.exclude(value=None)
    worst, best = on_scale.aggregate(Min("value"), Max("value")).values()
    appearance = {
        "@type": "CreativeWork",
        "url": "https://news.example/budget",
        "headline": "Budget speech",
        "datePublished": "2024-03-02",
        "author": {"@type": "Person", "name": "Bo Reporter"},
        "publisher": {"@type": "Organization", "name": "News Example"},
    }
    assert claimreview(client, claim) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"http://testserver{claim.get_absolute_url()}",
        "claimReviewed": "Exports of gas doubled in 2023.",
        "inLanguage": "en",
        "datePublished": published,
        "author": {
            "@type": "Organization",
            "name": "Daily Checker",
            "url": "https://checker.example/",
            "logo": "https://checker.example/logo.png",
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Mostly true",
            "ratingValue": rating("mostly-true").value,
            "bestRating": best,
            "worstRating": worst,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Ann Minister", "jobTitle": "Minister of Energy"},
            "datePublished": "2024-03-01",
            "appearance": appearance,
            "firstAppearance": appearance,
        },
        "image": f"http://testserver/claims/{claim.slug}/share-{claim.version}.png",
    }


def test_off_scale_verdict_carries_its_name_only(client):
    claim = ClaimFactory(published=True, rating=rating("unproven"))
    assert claimreview(client, claim)["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unproven",
    }


def test_scale_bounds_follow_the_editors_scale(client):
    Rating.objects.create(name="Totally true", slug="totally-true", value=9, description="x")
    claim = ClaimFactory(published=True, rating=rating("false"))
    review_rating = claimreview(client, claim)["reviewRating"]
    assert (review_rating["worstRating"], review_rating["bestRating"]) == (1, 9)


def test_speaker_that_is_an_organisation_is_an_organization(client):
    speaker = SpeakerFactory(name="Ministry of Truth", kind="organisation", role="Government body")
    claim = ClaimFactory(published=True, speaker=speaker)
    assert claimreview(client, claim)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Ministry of Truth",
        "description": "Government body",
    }


def test_claim_text_is_what_was_reviewed_when_no_proposition_was_written(client):
    claim = ClaimFactory(published=True, text="Coal trains were stopped.", claim_reviewed="")
    assert claimreview(client, claim)["claimReviewed"] == "Coal trains were stopped."


def test_source_without_url_appears_as_its_page_on_this_site(client):
    source = SourceFactory(title="Translated article", url="")
    claim = ClaimFactory(published=True, source=source)
    item = claimreview(client, claim)["itemReviewed"]
    assert item["appearance"]["url"] == f"http://testserver{source.get_absolute_url()}"
    assert client.get(source.get_absolute_url()).status_code == 200
    assert "publisher" not in item["appearance"] and "datePublished" not in item["appearance"]


def test_claim_without_source_has_no_appearance_and_no_dates_invented(client):
    claim = ClaimFactory(published=True, source=None, claim_date=None)
    item = claimreview(client, claim)["itemReviewed"]
    assert "appearance" not in item and "firstAppearance" not in item
    assert "datePublished" not in item


def test_corrected_check_has_date_modified(client, django_capture_on_commit_callbacks):
    claim = ClaimFactory(published=True)
    assert "dateModified" not in claimreview(client, claim)
    with django_capture_on_commit_callbacks(execute=True):
        correction = CorrectionFactory(claim=claim)
    assert claimreview(client, claim)["dateModified"] == localdate(correction.at).isoformat()


def test_org_url_defaults_to_this_sites_home(client, settings):
    settings.FACTCHECK_ORG_URL = ""
    claim = ClaimFactory(published=True)
    author = claimreview(client, claim)["author"]
    assert author["url"] == "http://testserver/"
    assert "logo" not in author


@pytest.mark.parametrize(
    "hostile",
    [
        "</script><script>alert(1)</script>",
        "<!--<script>",
        """Quotes " and ' and \\" & &amp; </SCRIPT >""",
    ],
)
def test_hostile_text_stays_inside_the_json_ld(client, hostile):
    speaker = SpeakerFactory(name=hostile, role=hostile)
    source = SourceFactory(title=hostile, publisher=hostile, url="")
    claim = ClaimFactory(published=True, text=hostile, speaker=speaker, source=source)
    html = client.get(claim.get_absolute_url()).text
    blocks = ScriptBlocks(html).blocks
    assert [kind for kind, _ in blocks] == ["application/ld+json"]
    data = json.loads(blocks[0][1])
    assert data["claimReviewed"] == hostile
    assert data["itemReviewed"]["author"]["name"] == hostile
    assert data["itemReviewed"]["appearance"]["headline"] == hostile
    assert "<script>alert" not in html


def test_retracted_check_page_carries_no_claimreview(client):
    claim = ClaimFactory(published=True, status="retracted")
    CorrectionFactory(claim=claim, kind="retraction", text="Forged document.")
    assert claimreviews(client, claim) == []


def test_every_published_demo_check_carries_a_complete_claimreview(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    checks = Claim.objects.listed().select_related("rating", "speaker", "source")
    assert checks.count() == 9
    for claim in checks:
        data = claimreview(client, claim)
        assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
        assert data["url"] == f"http://testserver{claim.get_absolute_url()}"
        assert data["claimReviewed"] == claim.reviewed_text
        assert date.fromisoformat(data["datePublished"]) == localdate(claim.published_at)
        assert data["author"]["@type"] == "Organization" and data["author"]["name"]
        assert data["reviewRating"]["alternateName"] == claim.rating.name
        assert ("ratingValue" in data["reviewRating"]) == claim.rating.on_scale
        item = data["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"] == claim.speaker.name
        assert item["author"]["@type"] in ("Person", "Organization")
        # The demo article has no URL: its appearance is the article's page here (listed
        # first when the claim was also said elsewhere, as the coal claim was).
        appearance = item["appearance"]
        source = appearance[0] if isinstance(appearance, list) else appearance
        assert source["url"].endswith(claim.source.get_absolute_url())
        assert source["headline"] == claim.source.title
