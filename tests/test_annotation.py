import re
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Claim
from tests.factories import ClaimFactory, SourceFactory, rating

pytestmark = pytest.mark.django_db

SEED_PATH = Path(__file__).parents[1] / "claims" / "demo" / "article.txt"
TEXT = "Oil exports fell. Kazakhstan blocked 1,700 wagons of coal. Experts disagree."
COAL = "Kazakhstan blocked 1,700 wagons of coal."


def marked(html):
    """{claim slug: the words marked for it} on a source page."""
    return dict(re.findall(r'<mark id="claim-([\w-]+)"[^>]*><a href="[^"]+">([^<]*)</a>', html))


def coal_check(source, **fields):
    start = TEXT.index(COAL)
    defaults = {"text": COAL, "start_offset": start, "end_offset": start + len(COAL)}
    return ClaimFactory(published=True, source=source, **{**defaults, **fields})


@pytest.fixture
def source():
    return SourceFactory(text=TEXT, text_is_public=True)


def test_published_claim_is_marked_in_place_labelled_by_verdict_and_linked(client, source):
    claim = coal_check(source, rating=rating("mostly-false"))
    html = client.get(source.get_absolute_url()).text
    assert marked(html) == {claim.slug: COAL}
    assert f'<a href="{claim.get_absolute_url()}">{COAL}</a>' in html
    assert '<span class="verdict verdict--mostly-false">Mostly false</span></mark>' in html
    assert "Oil exports fell. <mark" in html
    css = client.get("/ratings.css").text
    assert ".claim-mark--mostly-false{border-bottom:3px solid " in css


def test_drafts_and_claims_in_review_are_neither_marked_nor_revealed(client, source):
    coal_check(source)
    for status in ["draft", "researching", "in_review", "not_checkable"]:
        ClaimFactory(
            status=status, source=source, text="Oil exports fell.", notes="SECRET-NOTE",
            start_offset=0, end_offset=17,
        )  # fmt: skip
    html = client.get(source.get_absolute_url()).text
    assert len(marked(html)) == 1
    assert "SECRET-NOTE" not in html
    assert "oil-exports-fell" not in html


def test_offsets_stale_after_the_text_was_edited_are_found_again(client, source):
    claim = coal_check(source)
    source.text = "Update: figures revised.\n\n" + TEXT
    source.save()
    assert source.text[claim.start_offset : claim.end_offset] != COAL
    assert marked(client.get(source.get_absolute_url()).text) == {claim.slug: COAL}


def test_claim_whose_words_were_reworded_is_listed_below_never_marked(client, source):
    claim = coal_check(source)
    source.text = TEXT.replace("blocked 1,700 wagons", "held up some wagons")
    source.save()
    html = client.get(source.get_absolute_url()).text
    assert marked(html) == {}
    assert "Other checked claims from this text" in html
    assert f'<li id="claim-{claim.slug}"><a href="{claim.get_absolute_url()}">' in html


def test_words_found_again_across_a_new_line_break(source):
    claim = coal_check(source)
    source.text = TEXT.replace("1,700 wagons", "1,700\nwagons")
    segments, _excerpts, unplaced = source.annotate([claim])
    assert [text for text, c in segments if c] == ["Kazakhstan blocked 1,700\nwagons of coal."]
    assert unplaced == []


def test_repeated_words_are_found_again_nearest_their_old_place():
    text = "Coal rose. Later: coal fell. Again: coal fell."
    source = SourceFactory(text=text, text_is_public=True)
    second = text.rindex("coal fell.")
    # The stored offsets drifted by three characters after an edit.
    claim = ClaimFactory(
        published=True, source=source, text="coal fell.", start_offset=second + 3,
        end_offset=second + 13,
    )  # fmt: skip
    assert claim.locate_in(text) == (second, second + len("coal fell."))


def test_overlapping_claims_mark_one_and_list_the_other(client, source):
    first = coal_check(source)
    second = ClaimFactory(
        published=True, source=source, text="1,700 wagons of coal.",
        start_offset=TEXT.index("1,700"), end_offset=TEXT.index("1,700") + 21,
    )  # fmt: skip
    html = client.get(source.get_absolute_url()).text
    assert marked(html) == {first.slug: COAL}
    assert f'<li id="claim-{second.slug}">' in html


def test_retracted_check_is_marked_as_retracted_not_with_its_old_verdict(client, source):
    claim = coal_check(source, status="retracted")
    html = client.get(source.get_absolute_url()).text
    assert claim.slug in marked(html)
    assert "claim-mark--retracted" in html
    assert ">Retracted</span></mark>" in html


def test_text_not_republishable_shows_each_claim_with_context_only(client):
    source = SourceFactory(text="X" * 400 + " " + TEXT + " " + "Y" * 400, text_is_public=False)
    claim = coal_check(source, start_offset=None, end_offset=None)
    html = client.get(source.get_absolute_url()).text
    assert f'<li id="claim-{claim.slug}">' in html
    assert "Oil exports fell." in html
    assert "X" * 400 not in html
    assert "Y" * 400 not in html


def test_claim_page_links_to_its_place_in_the_article(client, source):
    claim = coal_check(source)
    claim_page = client.get(claim.get_absolute_url()).text
    link = f"{source.get_absolute_url()}#claim-{claim.slug}"
    assert f'href="{link}"' in claim_page
    assert f'id="claim-{claim.slug}"' in client.get(source.get_absolute_url()).text


def test_imported_claims_are_marked_on_the_words_they_came_from():
    call_command("import_article", str(SEED_PATH), "--title", "Seed")
    claims = list(Claim.objects.all())
    source = claims[0].source
    segments, _excerpts, unplaced = source.annotate(claims)
    assert unplaced == []
    assert sorted(text for text, c in segments if c) == sorted(c.text for c in claims)
