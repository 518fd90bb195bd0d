"""Nothing unpublished leaks: a crawler follows every public link from a database full of drafts.

Every field of every unpublished claim (and of its evidence, its log, and the speaker, source
and topic only drafts use) carries MARKER, as do the internal notes and review comments of
public checks. The crawler (tests/crawl.py) follows every same-site link in HTML, XML and
JSON from the site's entry points; MARKER must appear in no response.
"""

from urllib.parse import urlsplit

import feedparser
import pytest

from claims.models import ReviewEvent
from tests.crawl import crawl
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MARKER = "zqxdraftleak"


def marked(field):
    return f"{MARKER} {field}"


@pytest.fixture
def site_with_drafts(db):
    """Public checks and, around them, unpublished claims marked in every field."""
    speaker = SpeakerFactory(name="Public Speaker")
    source = SourceFactory(title="Public Article", text_is_public=True, text="Public text.")
    topic = TopicFactory(name="Public Topic")
    published = ClaimFactory(
        published=True,
        speaker=speaker,
        source=source,
        text="A public claim about bridges",
        notes=marked("internal notes of a published check"),
    )
    published.topics.add(topic)
    EvidenceFactory(claim=published)
    ReviewEvent.objects.create(
        claim=published,
        actor=UserFactory(role="Editor"),
        from_status="in_review",
        to_status="researching",
        comment=marked("internal send-back comment"),
    )
    retracted = ClaimFactory(
        published=True, status="retracted", speaker=speaker, notes=marked("retracted notes")
    )

    draft_speaker = SpeakerFactory(
        name=marked("speaker"), role=marked("role"), description=marked("description")
    )
    draft_source = SourceFactory(
        title=marked("source"),
        url=f"https://example.org/{MARKER}/source",
        publisher=marked("publisher"),
        author=marked("author"),
        description=marked("description"),
        text=marked("full text"),
        text_is_public=True,
        archive_url=f"https://archive.example.org/{MARKER}",
    )
    draft_topic = TopicFactory(name=marked("topic"))
    drafts = []
    for status, on_public_records in [
        ("draft", False),
        ("researching", False),
        ("in_review", True),
        ("not_checkable", False),
    ]:
        claim = ClaimFactory(
            status=status,
            text=marked(f"claim text {status}"),
            claim_reviewed=marked("claim reviewed"),
            notes=marked("notes"),
            quote=marked("quote"),
            ruling=marked("ruling"),
            summary=marked("summary"),
            speaker=speaker if on_public_records else draft_speaker,
            source=source if on_public_records else draft_source,
            rating=published.rating,
            researcher=UserFactory(role="Researcher"),
        )
        claim.topics.add(topic if on_public_records else draft_topic)
        EvidenceFactory(
            claim=claim,
            url=f"https://example.org/{MARKER}/evidence",
            title=marked("evidence title"),
            publisher=marked("evidence publisher"),
            archive_url=f"https://archive.example.org/{MARKER}/evidence",
            note=marked("evidence note"),
        )
        ReviewEvent.objects.create(
            claim=claim,
            actor=claim.researcher,
            from_status="draft",
            to_status=status,
            comment=marked("review comment"),
        )
        drafts.append(claim)
    return {
        "published": published,
        "retracted": retracted,
        "drafts": drafts,
        "draft_speaker": draft_speaker,
        "draft_source": draft_source,
    }


def test_no_public_response_reveals_anything_unpublished(client, site_with_drafts):
    # A retracted check keeps its page (readers arrive from old links) but is not listed.
    responses = crawl(client, site_with_drafts["retracted"].get_absolute_url())
    published = site_with_drafts["published"]
    assert published.get_absolute_url() in responses, "the crawl must reach the public check"
    errors = {path: r.status_code for path, r in responses.items() if r.status_code >= 500}
    assert not errors
    leaks = [path for path, r in responses.items() if MARKER.encode() in r.content.lower()]
    assert not leaks, f"unpublished content in {leaks}"


def test_every_public_url_shape_answers_404_for_an_unpublished_record(client, site_with_drafts):
    """Each crawled path showing a public check, speaker or source, with a draft's slug instead."""
    published = site_with_drafts["published"]
    swaps = [
        (published.slug, [claim.slug for claim in site_with_drafts["drafts"]]),
        (published.speaker.slug, [site_with_drafts["draft_speaker"].slug]),
        (published.source.slug, [site_with_drafts["draft_source"].slug]),
    ]
    probed = {}
    for path in crawl(client):
        segments = urlsplit(path).path.split("/")
        for public_slug, hidden_slugs in swaps:
            if public_slug not in segments:
                continue
            for hidden in hidden_slugs:
                probe = "/".join(hidden if s == public_slug else s for s in segments)
                probed[probe] = client.get(probe).status_code
    assert len(probed) >= 6  # at least the claim, speaker and source pages
    assert set(probed.values()) == {404}, probed


def test_searching_for_unpublished_words_finds_nothing(client, site_with_drafts):
    page = client.get("/claims/", {"q": MARKER})
    assert page.status_code == 200
    assert list(page.context["page"].object_list) == []
    for feed in ("/feeds/checks.rss", "/feeds/checks.atom"):
        assert feedparser.parse(client.get(feed, {"q": MARKER}).content).entries == []


def test_a_speakers_record_counts_only_published_checks(client, site_with_drafts):
    speaker = site_with_drafts["published"].speaker
    page = client.get(speaker.get_absolute_url())
    assert page.context["total"] == 1
    assert [claim.pk for claim in page.context["page"].object_list] == [
        site_with_drafts["published"].pk
    ]
