import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim
from claims.similarity import similarity
from tests.factories import ClaimFactory, rating

pytestmark = pytest.mark.django_db

COAL = "Kazakhstan decided to block 1,700 wagons with Russian coal on its territory."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with pg_trgm")
@pytest.mark.parametrize(
    ("a", "b"),
    [
        (COAL, "Kazakhstan blocked 1,700 wagons of Russian coal."),
        ("Tokayev refused the Order of Alexander Nevsky", "Tokayev refused a Russian order"),
        ("Élite units are broken", "elite UNITS were broken!"),
        ("", "anything"),
    ],
)
def test_python_similarity_is_the_same_as_postgresql_pg_trgm(a, b):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        expected = cursor.fetchone()[0]
    assert similarity(a, b) == pytest.approx(expected, abs=1e-6)


def test_trigram_index_exists_only_where_the_database_supports_it():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "claims_claim")
    assert ("claim_text_trgm" in indexes) == (connection.vendor == "postgresql")


def test_similar_published_checks_come_best_first_without_drafts_or_unrelated():
    close = ClaimFactory(published=True, text="Kazakhstan blocked 1,700 wagons of Russian coal.")
    closer = ClaimFactory(
        published=True, text="Kazakhstan decided to block 1,700 wagons of Russian coal."
    )
    ClaimFactory(published=True, text="Kazakhstan renamed its export oil to KEBCO.")
    ClaimFactory(text=COAL)  # a draft with the very same words
    found = Claim.objects.listed().similar_to(COAL)
    assert found == [closer, close]
    assert 0.3 <= found[1].similarity < found[0].similarity <= 1


def test_admin_claim_page_shows_already_checked_claims_with_verdict_and_link(client, editor):
    earlier = ClaimFactory(published=True, rating=rating("false"), text=COAL)
    draft = ClaimFactory(text="Kazakhstan blocks 1,700 wagons with Russian coal.")
    client.force_login(editor)
    html = client.get(reverse("admin:claims_claim_change", args=[draft.pk])).text
    assert "Already checked?" in html
    assert f'<strong>False</strong>: <a href="{earlier.get_absolute_url()}">' in html


def test_admin_claim_page_says_when_nothing_similar_was_checked(client, editor):
    draft = ClaimFactory(text="A claim about something nobody has checked yet.")
    client.force_login(editor)
    html = client.get(reverse("admin:claims_claim_change", args=[draft.pk])).text
    assert "No similar published check." in html


def test_claim_page_shows_related_published_checks_only(client):
    claim = ClaimFactory(published=True, text=COAL)
    related = ClaimFactory(
        published=True, rating=rating("true"), text="Kazakhstan blocked 1,700 coal wagons."
    )
    ClaimFactory(text="Kazakhstan blocked 1,700 wagons of Russian coal, says a draft.")
    retracted = ClaimFactory(published=True, status="retracted", text=COAL + " Retracted.")
    # Related when it was published; its retraction must take it off the page.
    assert retracted in claim.related.all()
    html = client.get(claim.get_absolute_url()).text
    assert "Related checks" in html
    assert f'<a href="{related.get_absolute_url()}">{related.text}</a>' in html
    assert "says a draft" not in html
    assert retracted.get_absolute_url() not in html
    assert html.count(f'href="{claim.get_absolute_url()}"') == 0


def test_claim_page_without_similar_checks_has_no_related_section(client):
    claim = ClaimFactory(published=True, text=COAL)
    assert "Related checks" not in client.get(claim.get_absolute_url()).text
