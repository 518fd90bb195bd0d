"""Every published check has a 1200 by 630 share image that follows its verdict."""

import io
import json
import re

import pytest
from PIL import Image

from claims import workflow
from claims.share_image import font, render, wrap
from tests.factories import ClaimFactory, rating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Queued tasks run as they are queued (on commit), as a worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a check and run what its publication queues (the share image's task)."""

    def make(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return ClaimFactory(published=True, **kwargs)

    return make


def image_urls(html):
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    twitter = re.search(r'<meta name="twitter:image" content="([^"]+)">', html).group(1)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return og, twitter, json.loads(ld)["image"]


def fetch_image(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_a_published_check_names_its_share_image_everywhere(client, publish):
    claim = publish(text="Coal exports doubled", speaker__name="Ann Lee")
    html = client.get(claim.get_absolute_url()).text
    og, twitter, claimreview = image_urls(html)
    assert og == twitter == claimreview
    assert og == f"http://testserver/claims/{claim.slug}/share-{claim.version}.png"
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    response, image = fetch_image(client, og)
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert image.size == (1200, 630)


def test_the_verdict_colour_and_pixels_change_when_the_verdict_is_corrected(
    client, publish, editor, django_capture_on_commit_callbacks
):
    claim = publish(rating=rating("false"))
    old_url, *_ = image_urls(client.get(claim.get_absolute_url()).text)
    _, old = fetch_image(client, old_url)
    assert old.getpixel((8, 8)) == hex_rgb(rating("false").colour)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.correct(claim, editor, "We misread the table.", rating=rating("true"))

    new_url, *_ = image_urls(client.get(claim.get_absolute_url()).text)
    assert new_url != old_url
    _, new = fetch_image(client, new_url)
    assert new.getpixel((8, 8)) == hex_rgb(rating("true").colour)
    assert new.tobytes() != old.tobytes()
    assert client.get(old_url).status_code == 404  # only the current verdict is served


def hex_rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_drafts_and_retracted_checks_have_no_share_image(client, publish, editor):
    draft = ClaimFactory(status="in_review")
    assert client.get(f"/claims/{draft.slug}/share-{draft.version}.png").status_code == 404
    claim = publish()
    url = f"/claims/{claim.slug}/share-{claim.version}.png"
    assert client.get(url).status_code == 200
    workflow.transition(claim, "retract", editor, comment="Wrong.")
    claim.refresh_from_db()
    assert client.get(f"/claims/{claim.slug}/share-{claim.version}.png").status_code == 404
    assert "og:image:width" not in client.get(claim.get_absolute_url()).text


def test_an_image_not_drawn_yet_is_a_404_not_an_error(client):
    claim = ClaimFactory(published=True)  # never committed: its task has not run
    assert client.get(f"/claims/{claim.slug}/share-{claim.version}.png").status_code == 404


def test_long_claims_are_wrapped_and_shortened_at_word_boundaries():
    words = [f"word{n}" for n in range(200)]
    lines, shortened = wrap(" ".join(words), font(48), 1000, 5)
    assert shortened and len(lines) == 5
    assert lines[-1].endswith("…")
    kept = " ".join(lines).removesuffix("…").split()
    assert kept == words[: len(kept)]  # whole words only, in order
    assert all(font(48).getlength(line) <= 1000 for line in lines)
    assert wrap("Short claim", font(48), 1000, 5) == (["Short claim"], False)


def test_cyrillic_and_accented_letters_have_their_own_glyphs():
    face = font(48)
    masks = {letter: bytes(face.getmask(letter)) for letter in "ЖДЯéøŁ"}
    assert len(set(masks.values())) == len(masks)  # not one "missing glyph" box for all


def test_a_cyrillic_claim_draws(publish):
    claim = publish(
        text="Казахстан заблокировал 1700 вагонов российского угля", speaker__name="Токаев"
    )
    image = Image.open(io.BytesIO(render(claim)))
    assert image.size == (1200, 630)
