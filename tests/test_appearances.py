"""Appearances: a published check's claim made again elsewhere, confirmed by an editor, shows
on the check, the speaker's page, in ClaimReview, the API and the CSV."""

import csv
import io
from datetime import date, timedelta

import factory
import pytest
from django.utils import timezone

from claims.models import Appearance
from tests.factories import AppearanceFactory, ClaimFactory, SourceFactory, SpeakerFactory
from tests.test_claimreview import claimreview

APPEARANCES = "/admin/claims/appearance/"


@pytest.fixture
def check(db):
    return ClaimFactory(
        published=True,
        text="Kazakhstan blocked 1,700 wagons of Russian coal.",
        source=SourceFactory(url="https://first.example/coal", title="Where it was first said"),
    )


@pytest.fixture
def said_again(check):
    return AppearanceFactory(
        claim=check,
        status=Appearance.Status.CONFIRMED,
        text="Some 1700 railway wagons of Russian coal are stuck in Kazakhstan.",
        url="https://news.example/coal-again",
        title="Coal stuck at the border",
        speaker=SpeakerFactory(name="Ann Minister"),
        said_on=date(2026, 11, 30),
    )


def test_a_confirmed_appearance_shows_on_the_check_page(client, said_again):
    page = client.get(said_again.claim.get_absolute_url()).text

    assert "Also said" in page
    assert "Some 1700 railway wagons of Russian coal are stuck in Kazakhstan." in page
    assert 'href="https://news.example/coal-again"' in page and "Coal stuck at the border" in page
    assert f'href="{said_again.speaker.get_absolute_url()}">Ann Minister</a>' in page
    assert "30 November 2026" in page


@pytest.mark.parametrize("status", [Appearance.Status.PROPOSED, Appearance.Status.REJECTED])
def test_an_unconfirmed_appearance_is_not_shown(client, check, status):
    AppearanceFactory(claim=check, status=status, url="https://news.example/unsure")
    page = client.get(check.get_absolute_url()).text
    assert "Also said" not in page and "news.example/unsure" not in page
    assert client.get(f"/api/claims/{check.slug}.json").json()["appearances"] == []


def test_claimreview_lists_the_source_and_each_confirmed_appearance(client, said_again):
    item = claimreview(client, said_again.claim)["itemReviewed"]

    source, again = item["appearance"]
    assert source == item["firstAppearance"]
    assert source["url"] == "https://first.example/coal"
    assert again == {
        "@type": "CreativeWork",
        "url": "https://news.example/coal-again",
        "headline": "Coal stuck at the border",
        "datePublished": "2026-11-30",
        "author": {"@type": "Person", "name": "Ann Minister"},
    }


def test_a_check_without_source_lists_its_appearance_alone(client, db):
    check = ClaimFactory(published=True)
    AppearanceFactory(claim=check, status="confirmed", url="https://news.example/x", title="")
    item = claimreview(client, check)["itemReviewed"]
    assert item["appearance"] == {"@type": "CreativeWork", "url": "https://news.example/x"}
    assert "firstAppearance" not in item


def test_the_api_record_carries_the_appearances(client, said_again):
    record = client.get(f"/api/claims/{said_again.claim.slug}.json").json()

    assert record["appearances"] == [
        {
            "url": "https://news.example/coal-again",
            "title": "Coal stuck at the border",
            "text": "Some 1700 railway wagons of Russian coal are stuck in Kazakhstan.",
            "said_on": "2026-11-30",
            "speaker": {
                "slug": said_again.speaker.slug,
                "name": "Ann Minister",
                "url": f"http://testserver{said_again.speaker.get_absolute_url()}",
            },
        }
    ]
    assert len(record["claimReview"]["itemReviewed"]["appearance"]) == 2
    listed = client.get("/api/claims.json").json()["results"][0]
    assert listed["appearances"] == record["appearances"]


def test_the_csv_lists_the_appearances(client, said_again):
    AppearanceFactory(claim=said_again.claim, status="confirmed", url="https://b.example/2")
    rows = list(csv.DictReader(io.StringIO(client.get("/claims.csv").content.decode())))
    # Newest first; one without a date last.
    assert rows[0]["appearances"] == "https://news.example/coal-again; https://b.example/2"


def test_the_speaker_page_lists_the_checked_claims_they_made_again(client, said_again):
    page = client.get(said_again.speaker.get_absolute_url())
    assert page.status_code == 200  # a page although no check of theirs is published
    assert "Checked claims Ann Minister made again" in page.text
    assert "Coal stuck at the border" in page.text
    assert f'href="{said_again.claim.get_absolute_url()}"' in page.text


def test_a_speaker_only_proposed_as_saying_it_again_has_no_page(client, check):
    appearance = AppearanceFactory(claim=check, speaker=SpeakerFactory())
    assert client.get(appearance.speaker.get_absolute_url()).status_code == 404


def test_a_check_page_with_appearances_stays_within_its_query_budget(
    client, said_again, django_assert_max_num_queries
):
    AppearanceFactory.create_batch(
        5, claim=said_again.claim, status="confirmed", speaker=factory.SubFactory(SpeakerFactory)
    )
    with django_assert_max_num_queries(6):
        assert "Also said" in client.get(said_again.claim.get_absolute_url()).text


def test_confirming_in_the_desk_shows_it_on_the_cached_page_at_once(
    client, check, editor, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_PAGE_CACHE = True
    appearance = AppearanceFactory(claim=check, url="https://news.example/again")
    assert "news.example/again" not in client.get(check.get_absolute_url()).text

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{APPEARANCES}{appearance.pk}/decide/?to=confirmed")
    client.logout()

    appearance.refresh_from_db()
    assert (appearance.status, appearance.decided_by) == ("confirmed", editor)
    assert "news.example/again" in client.get(check.get_absolute_url()).text


def test_only_editors_confirm(client, check, researcher):
    appearance = AppearanceFactory(claim=check)
    client.force_login(researcher)
    assert client.post(f"{APPEARANCES}{appearance.pk}/decide/?to=confirmed").status_code == 403
    appearance.refresh_from_db()
    assert appearance.status == "proposed"


def test_an_unknown_decision_changes_nothing(client, check, editor):
    appearance = AppearanceFactory(claim=check)
    client.force_login(editor)
    response = client.post(f"{APPEARANCES}{appearance.pk}/decide/?to=published", follow=True)
    assert "Choose Confirm or Reject" in response.text
    appearance.refresh_from_db()
    assert appearance.status == "proposed"


def test_the_desk_lists_claims_that_keep_coming_back(client, editor, db):
    today = timezone.localdate()
    often = ClaimFactory(published=True, text="Coal exports fell by half.")
    once = ClaimFactory(published=True, text="Wheat prices doubled.")
    long_ago = ClaimFactory(published=True, text="Gas reserves ran out.")
    for n in range(3):
        AppearanceFactory(claim=often, status="confirmed", said_on=today - timedelta(days=n))
    AppearanceFactory(claim=often, status="proposed", said_on=today)
    AppearanceFactory(claim=once, status="confirmed", said_on=today)
    AppearanceFactory(claim=long_ago, status="confirmed", said_on=today - timedelta(days=45))
    client.force_login(editor)

    page = client.get("/admin/claims/recurringclaim/").text

    assert page.index("Coal exports fell by half.") < page.index("Wheat prices doubled.")
    assert "Gas reserves ran out." not in page
    assert '<td class="field-recent">3</td>' in page
