"""Claim text, rulings and names with HTML, script and control characters render as text.

Every public response the crawler reaches, the feeds as a feed reader parses them, JSON-LD
blocks where pages have them, and the editors' desk.
"""

import json
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse

from claims.models import Byline
from tests.crawl import crawl, json_blocks, json_strings
from tests.factories import (
    ClaimFactory,
    CorrectionFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("owned")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
# Right-to-left override, escape and bell characters: invisible, and not allowed in XML.
CONTROLS = "\u202eevil\u202c \x1b[31m\x07"
HOSTILE = f'{SCRIPT}{IMAGE}</textarea>"quoted" & {CONTROLS}'
RAW_MARKUP = [SCRIPT.encode(), IMAGE.encode()]


@pytest.fixture
def hostile_check(db):
    speaker = SpeakerFactory(name=f"Speaker {HOSTILE}", role=HOSTILE)
    source = SourceFactory(title=f"Article {HOSTILE}", publisher=HOSTILE, text_is_public=True)
    claim = ClaimFactory(
        published=True,
        speaker=speaker,
        source=source,
        text=f"Taxes {HOSTILE}",
        claim_reviewed=HOSTILE,
        ruling=HOSTILE,
        summary=HOSTILE,
    )
    claim.topics.add(TopicFactory(name=f"Topic {HOSTILE}"))
    EvidenceFactory(claim=claim, title=HOSTILE, publisher=HOSTILE, note=HOSTILE)
    Byline.objects.create(user=claim.reviewer, display_name=HOSTILE, name_is_public=True)
    CorrectionFactory(claim=claim, text=HOSTILE)
    source.text = f"Before. {claim.text} After."
    source.save()
    return claim


def is_markup(response):
    return any(kind in response["Content-Type"] for kind in ("html", "xml"))


def test_no_public_page_or_feed_contains_the_markup_as_markup(client, hostile_check):
    responses = crawl(client)
    assert hostile_check.get_absolute_url() in responses
    for path, response in responses.items():
        assert response.status_code < 500, path
        if not is_markup(response):
            continue
        for raw in RAW_MARKUP:
            assert raw not in response.content, f"{raw!r} unescaped in {path}"


def test_data_responses_carrying_the_raw_text_are_never_read_as_html(client, hostile_check):
    """JSON and CSV hold the words as they are; browsers must not sniff them into HTML."""
    data = [r for r in crawl(client).values() if not is_markup(r) and IMAGE.encode() in r.content]
    assert data, "the API and CSV exports carry the claim text"
    for response in data:
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_check_page_shows_the_hostile_words_as_text(client, hostile_check):
    page = client.get(hostile_check.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_search_results_echo_the_query_as_text(client, hostile_check):
    page = client.get("/claims/", {"q": SCRIPT}).content
    assert SCRIPT.encode() not in page
    assert b"&lt;script&gt;" in page


@pytest.mark.parametrize("path", ["/feeds/checks.rss", "/feeds/checks.atom"])
def test_feeds_stay_well_formed_and_carry_the_words_as_text(client, hostile_check, path):
    response = client.get(path)
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # well-formed XML despite the control characters
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    (entry,) = feed.entries
    assert SCRIPT in entry.title
    # The description is HTML to a feed reader: it must show the tags, not run them.
    assert "&lt;script&gt;" in entry.summary
    assert "<script" not in entry.summary


def test_json_ld_blocks_stay_data(client, hostile_check):
    """ClaimReview markup carries the words as data and cannot be closed by them."""
    blocks = [
        (path, block)
        for path, response in crawl(client).items()
        if "html" in response["Content-Type"]
        for block in json_blocks(response)
    ]
    assert blocks, "published checks carry ClaimReview markup"
    for path, block in blocks:
        assert "</script" not in block.lower(), path
        assert any(SCRIPT in text for text in json_strings(json.loads(block))), path


def test_the_desk_shows_the_words_as_text(client, editor, hostile_check):
    client.force_login(editor)
    for url in [
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[hostile_check.pk]),
        reverse("admin:claims_speaker_changelist"),
        reverse("admin:claims_source_changelist"),
        reverse("admin:claims_claim_correct", args=[hostile_check.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        for raw in RAW_MARKUP:
            assert raw not in response.content, f"{raw!r} unescaped in {url}"
    # In the edit form the text sits inside a textarea, which it must not be able to close.
    form = client.get(reverse("admin:claims_claim_change", args=[hostile_check.pk])).content
    assert b"&lt;/textarea&gt;" in form
