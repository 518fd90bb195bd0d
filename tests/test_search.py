"""Full-text search of published checks, through the database's own text index."""

import pytest
from django.db import connection

from claims import workflow
from tests.factories import ClaimFactory, SpeakerFactory


def found(client, q, **params):
    return client.get("/claims/", {"q": q, **params}).text


def test_search_matches_other_forms_of_a_word(client):
    ClaimFactory(published=True, text="The pipelines were closed in May")
    assert "pipelines were closed" in found(client, "pipeline")
    assert "pipelines were closed" in found(client, "closing pipeline")


def test_search_needs_every_word(client):
    ClaimFactory(published=True, text="Wheat prices doubled")
    assert "Wheat prices doubled" not in found(client, "wheat rents")


def test_search_finds_the_summary_and_ruling(client):
    ClaimFactory(published=True, text="It went up", ruling="Harvest statistics show a fall.")
    assert "It went up" in found(client, "harvest")


def test_search_never_finds_drafts(client):
    ClaimFactory(text="Draft about tractors", ruling="tractors")
    ClaimFactory(published=True, status="retracted", text="Retracted about tractors")
    html = found(client, "tractors")
    assert "Draft about tractors" not in html
    assert "Retracted about tractors" not in html


def test_search_finds_a_speakers_checks_by_name(client):
    ClaimFactory(published=True, text="Taxes fell", speaker=SpeakerFactory(name="Nora Okafor"))
    assert "Taxes fell" in found(client, "Nora Okafor")


def test_search_follows_a_correction_of_the_claim(
    client, editor, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True, text="Exports tripled", ruling="Customs data.")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correct(claim, editor, "Wrong source.", ruling="Harbour data disagree.")
    assert "Exports tripled" in found(client, "harbour")
    assert "Exports tripled" not in found(client, "customs")


@pytest.mark.parametrize("q", ['"unbalanced', "AND OR NOT (", "*", "col:umn", "-", "'; DROP"])
def test_search_syntax_in_the_query_is_taken_as_words(client, q):
    ClaimFactory(published=True, text="Exports tripled")
    response = client.get("/claims/", {"q": q})
    assert response.status_code == 200
    assert "Exports tripled" not in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_search_ranks_a_match_in_the_claim_above_one_in_the_ruling(client):
    ClaimFactory(published=True, text="Rents rose", ruling="Inflation data: rents rose.")
    ClaimFactory(published=True, text="Inflation fell by half", ruling="See the data.")
    html = found(client, "inflation")
    assert html.index("Inflation fell by half") < html.index("Rents rose")


def test_the_desk_searches_drafts_through_the_index(admin_client):
    ClaimFactory(text="Draft about pipelines")
    ClaimFactory(text="Draft about wheat")
    html = admin_client.get("/admin/claims/claim/", {"q": "pipeline"}).text
    assert "Draft about pipelines" in html
    assert "Draft about wheat" not in html
