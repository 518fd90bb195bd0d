"""Editors record the corrections they asked for; readers see them on published checks."""

import csv
import io

import pytest
from django.urls import reverse

from claims.models import CorrectionRequest
from claims.visibility import generation
from tests.factories import ClaimFactory, CorrectionRequestFactory, SpeakerFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    return SpeakerFactory(name="Daily Planet")


@pytest.fixture
def check(speaker):
    claim = ClaimFactory(published=True, speaker=speaker, text="Crime doubled in a year")
    CorrectionRequestFactory(
        claim=claim,
        asked="Daily Planet's editor",
        channel="letter",
        outcome="corrected",
        correction_url="https://planet.example/corrections/12",
    )
    CorrectionRequestFactory(claim=claim, asked="Lois Lane", channel="social", outcome="no_reply")
    return claim


def test_a_published_check_shows_its_requests_and_their_outcomes(client, check):
    html = client.get(check.get_absolute_url()).text
    assert "Correction requests" in html
    assert "We asked Daily Planet&#x27;s editor by letter on" in html
    assert "<strong>corrected</strong>" in html
    assert 'href="https://planet.example/corrections/12"' in html
    assert "We asked Lois Lane by social media" in html and "<strong>no reply</strong>" in html


def test_the_speaker_page_counts_requests_asked_and_corrected(client, check, speaker):
    CorrectionRequestFactory(claim=ClaimFactory(status="in_review", speaker=speaker))
    html = client.get(speaker.get_absolute_url()).text
    assert "Correction requests: asked 2, corrected 1." in html


def test_a_speaker_without_requests_shows_no_count(client):
    claim = ClaimFactory(published=True)
    assert "Correction requests" not in client.get(claim.speaker.get_absolute_url()).text


def test_requests_on_a_retracted_check_are_no_longer_shown(client, editor):
    claim = ClaimFactory(published=True, status="retracted")
    CorrectionRequestFactory(claim=claim, asked="Hidden Outlet")
    html = client.get(claim.get_absolute_url()).text
    assert "Hidden Outlet" not in html
    assert "Correction requests" not in client.get(claim.speaker.get_absolute_url()).text


def test_the_api_and_the_csv_carry_the_requests(client, check):
    record = client.get(f"/api/claims/{check.slug}.json").json()
    assert record["correction_requests"] == [
        {
            "asked": "Daily Planet's editor",
            "channel": "letter",
            "asked_on": "2022-06-24",
            "outcome": "corrected",
            "correction_url": "https://planet.example/corrections/12",
        },
        {
            "asked": "Lois Lane",
            "channel": "social",
            "asked_on": "2022-06-24",
            "outcome": "no_reply",
            "correction_url": "",
        },
    ]
    listed = client.get("/api/claims.json").json()["results"][0]
    assert len(listed["correction_requests"]) == 2
    (row,) = csv.DictReader(io.StringIO(client.get("/claims.csv").text))
    assert row["correction_requests"] == (
        "Daily Planet's editor, letter, 2022-06-24: corrected "
        "https://planet.example/corrections/12; Lois Lane, social, 2022-06-24: no_reply"
    )


def test_a_new_request_on_a_published_check_refreshes_pages_and_one_on_a_draft_does_not(
    check, django_capture_on_commit_callbacks
):
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionRequestFactory(claim=ClaimFactory(status="researching"))
    assert generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionRequestFactory(claim=check)
    assert generation() != before


def test_an_editor_records_a_request_from_the_claims_desk_page(client, editor, check):
    client.force_login(editor)
    change = client.get(reverse("admin:claims_claim_change", args=[check.pk])).text
    assert "Daily Planet&#x27;s editor" in change  # listed on the claim
    add = reverse("admin:claims_correctionrequest_add")
    assert f'href="{add}?claim={check.pk}"' in change
    data = form_data(client.get(f"{add}?claim={check.pk}").text, "correctionrequest_form")
    assert data["claim"] == str(check.pk)
    data.update(asked="City Desk", channel="email", asked_on="2022-07-01", outcome="pending")
    response = client.post(add, data)
    assert response.status_code == 302
    assert check.correction_requests.filter(asked="City Desk", outcome="pending").exists()


def test_a_link_to_a_correction_needs_an_outcome_that_has_one(client, editor, check):
    client.force_login(editor)
    add = reverse("admin:claims_correctionrequest_add")
    data = form_data(client.get(f"{add}?claim={check.pk}").text, "correctionrequest_form")
    data.update(
        asked="City Desk",
        asked_on="2022-07-01",
        outcome="pending",
        correction_url="https://city.example/fix",
    )
    response = client.post(add, data)
    assert response.status_code == 200
    assert "A link to a correction goes with" in response.text
    assert not CorrectionRequest.objects.filter(asked="City Desk").exists()


def test_researchers_see_requests_but_do_not_record_them(client, researcher, check):
    client.force_login(researcher)
    assert client.get(reverse("admin:claims_correctionrequest_changelist")).status_code == 200
    assert client.get(reverse("admin:claims_correctionrequest_add")).status_code == 403
