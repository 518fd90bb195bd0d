"""Nothing unpublished leaks: a crawler follows every public link from a database full of drafts.

Every field of every unpublished claim (and of its evidence, its log, and the speaker, source
and topic only drafts use) carries MARKER, as do the internal notes and review comments of
public checks. The crawler (tests/crawl.py) follows every same-site link in HTML, XML and
JSON from the site's entry points; MARKER must appear in no response.
"""

import re
from urllib.parse import urlsplit

import feedparser
import pytest
from django.urls import reverse

from claims.models import Byline, ReviewEvent
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
        reader_tip=True,
        tip_email=f"{MARKER}@example.org",
        tip_url=f"https://example.org/{MARKER}/seen-here",
    )
    published.topics.add(topic)
    EvidenceFactory(claim=published, link_status=500, link_error=marked("link check error"))
    # A researcher who asked not to be named publicly.
    Byline.objects.create(
        user=published.researcher, display_name=marked("private byline"), name_is_public=False
    )
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
            tip_email=f"{MARKER}-{status}@example.org",
            tip_url=f"https://example.org/{MARKER}/{status}",
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
        "draft_topic": draft_topic,
    }


def unlinked_public_urls(site):
    """Public addresses readers reach from outside rather than by a link on the site."""
    published, retracted = site["published"], site["retracted"]
    return [
        retracted.get_absolute_url(),  # retracted: keeps its page, no longer listed
        reverse("claims:api-claim", args=[published.slug]),
        reverse("claims:api-claim", args=[retracted.slug]),
    ]


def test_no_public_response_reveals_anything_unpublished(client, site_with_drafts):
    responses = crawl(client, *unlinked_public_urls(site_with_drafts))
    published = site_with_drafts["published"]
    assert published.get_absolute_url() in responses, "the crawl must reach the public check"
    errors = {path: r.status_code for path, r in responses.items() if r.status_code >= 500}
    assert not errors
    leaks = [path for path, r in responses.items() if MARKER.encode() in r.content.lower()]
    assert not leaks, f"unpublished content in {leaks}"


def test_every_public_url_shape_answers_404_for_an_unpublished_record(client, site_with_drafts):
    """Each crawled path showing a public check, speaker, source or topic, with a draft's slug."""
    published = site_with_drafts["published"]
    swaps = [
        (published.slug, [claim.slug for claim in site_with_drafts["drafts"]]),
        (published.speaker.slug, [site_with_drafts["draft_speaker"].slug]),
        (published.source.slug, [site_with_drafts["draft_source"].slug]),
        (published.topics.get().slug, [site_with_drafts["draft_topic"].slug]),
    ]
    probed = {}
    for path in crawl(client, *unlinked_public_urls(site_with_drafts)):
        path = urlsplit(path).path
        for public_slug, hidden_slugs in swaps:
            shape = re.compile(rf"(?<=/){re.escape(public_slug)}(?=[/.]|$)")
            if not shape.search(path):
                continue
            for hidden in hidden_slugs:
                probe = shape.sub(hidden, path)
                probed[probe] = client.get(probe).status_code
    # At least each draft's page and JSON, and the speaker, source and topic pages.
    assert len(probed) >= 2 * len(site_with_drafts["drafts"]) + 3
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
