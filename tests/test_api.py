"""The open data: JSON API and CSV, checked against the HTML list; conditional GET."""

import csv
import io
import re

import pytest
from django.urls import reverse

from tests.factories import (
    ClaimFactory,
    CorrectionFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
    rating,
)

pytestmark = pytest.mark.django_db

API = "/api/claims.json"


def api_slugs(client, params):
    """Slugs of every check the API lists, following its ``next`` links."""
    slugs, url, data = [], API, params
    while url:
        response = client.get(url, data)
        assert response.status_code == 200
        page = response.json()
        slugs += [record["slug"] for record in page["results"]]
        url, data = page["next"], None
    return slugs


def html_slugs(client, params):
    """Slugs of every check the /claims/ page lists, page after page."""
    slugs, number = [], 1
    while True:
        html = client.get("/claims/", {**params, "page": number}).text
        slugs += re.findall(r'<h3 class="card-title"><a href="/claims/([^/"]+)/">', html)
        if 'rel="next"' not in html:
            return slugs
        number += 1


def csv_rows(client, params):
    response = client.get("/claims.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def catalogue(settings):
    """Published checks across speakers, topics, sources, dates and verdicts, and hidden ones
    that match the same filters."""
    settings.FACTCHECK_PAGE_SIZE = 3
    minister = SpeakerFactory(name="Ana Ruiz")
    ministry = SpeakerFactory(name="Ministry of Energy", kind="organisation")
    energy, trade = TopicFactory(name="Energy"), TopicFactory(name="Trade")
    paper = SourceFactory(title="Paper", url="https://paper.example/a")
    speech = SourceFactory(title="Speech", url="")
    rows = [
        (minister, energy, paper, "false", "2022-06-01", "The pipeline was closed"),
        (minister, trade, paper, "true", "2022-06-10", "Wheat exports doubled"),
        (ministry, energy, speech, "false", "2022-06-20", "Coal wagons were blocked"),
        (ministry, energy, None, "unproven", "2022-07-02", "The pipeline leaks"),
        (minister, trade, speech, "half-true", "2021-12-31", "Prices rose by a third"),
        (ministry, trade, paper, "mostly-false", "2022-06-15", "Grain was stolen"),
        (minister, energy, speech, "false", "2022-06-18", "Oil was renamed"),
    ]
    for speaker, topic, source, verdict, said, text in rows:
        claim = ClaimFactory(
            published=True,
            speaker=speaker,
            source=source,
            rating=rating(verdict),
            claim_date=said,
            text=text,
        )
        claim.topics.add(topic)
    hidden = [
        ClaimFactory(status=status, speaker=minister, source=paper, rating=rating("false"))
        for status in ("draft", "researching", "in_review", "not_checkable")
    ]
    hidden.append(ClaimFactory(published=True, status="retracted", speaker=minister, source=paper))
    for claim in hidden:
        claim.topics.add(energy)
    return {
        "minister": minister.slug,
        "ministry": ministry.slug,
        "energy": energy.slug,
        "speech": speech.slug,
        "hidden": {claim.slug for claim in hidden},
    }


def filter_sets(c):
    return [
        {},
        {"rating": "false"},
        {"rating": "unproven"},
        {"speaker": c["minister"]},
        {"speaker": c["ministry"], "topic": c["energy"]},
        {"topic": c["energy"]},
        {"source": c["speech"]},
        {"date_from": "2022-06-10"},
        {"date_to": "2022-06-15"},
        {"date_from": "2022-06-01", "date_to": "2022-06-30", "rating": "false"},
        {"q": "pipeline"},
        {"q": "ruiz", "topic": c["energy"]},
    ]


def test_api_and_csv_list_exactly_the_checks_of_the_html_list_under_every_filter(client, catalogue):
    for params in filter_sets(catalogue):
        expected = html_slugs(client, params)
        assert api_slugs(client, params) == expected, params
        assert [row["slug"] for row in csv_rows(client, params)] == expected, params
        assert not catalogue["hidden"] & set(expected)
    assert len(html_slugs(client, {})) == 7


def test_api_returns_only_published_checks(client, catalogue):
    slugs = set(api_slugs(client, {}))
    assert len(slugs) == 7
    assert not slugs & catalogue["hidden"]
    for slug in catalogue["hidden"]:
        response = client.get(reverse("claims:api-claim", args=[slug]))
        assert response.status_code == 404
        assert response.json() == {"error": "No published check has this slug."}


def test_api_pages_link_to_next_and_previous_with_absolute_urls(client, catalogue):
    first = client.get(API, {"topic": catalogue["energy"]}).json()
    assert first["count"] == 4
    assert first["previous"] is None
    assert first["next"] == f"http://testserver{API}?topic={catalogue['energy']}&page=2"
    second = client.get(first["next"]).json()
    assert second["next"] is None
    assert second["previous"] == f"http://testserver{API}?topic={catalogue['energy']}&page=1"
    assert len(first["results"]) + len(second["results"]) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rating": "not-a-rating"}, "rating"),
        ({"speaker": "nobody"}, "speaker"),
        ({"date_from": "2022-02-30"}, "date_from"),
        ({"date_from": "2023-01-01", "date_to": "2022-01-01"}, "__all__"),
        ({"q": "x" * 500}, "q"),
    ],
)
def test_api_refuses_bad_filters_with_a_json_400(client, params, field):
    ClaimFactory(published=True)
    response = client.get(API, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "Invalid filter."
    assert body["fields"][field]


@pytest.mark.parametrize("page", ["0", "2", "two", "-1"])
def test_api_refuses_a_page_that_does_not_exist_with_a_json_400(client, page):
    ClaimFactory(published=True)
    response = client.get(API, {"page": page})
    assert response.status_code == 400
    assert response.json() == {"error": "Invalid page: use a whole number from 1 to 1."}


def test_csv_refuses_bad_filters_with_a_plain_400(client):
    response = client.get("/claims.csv", {"rating": "not-a-rating"})
    assert response.status_code == 400
    assert response.content.decode().startswith("Invalid filter: rating:")


def test_api_is_read_only(client):
    assert client.post(API).status_code == 405


def test_api_record_carries_the_trackers_fields_and_its_claimreview(client):
    source = SourceFactory(title="Budget speech", url="https://news.example/b")
    claim = ClaimFactory(
        published=True,
        text="Exports doubled.",
        speaker=SpeakerFactory(name="Ann Minister", role="Minister"),
        source=source,
        rating=rating("half-true"),
    )
    claim.topics.add(TopicFactory(name="Trade"))
    EvidenceFactory(claim=claim, url="https://stats.example/t1", stance="refutes")
    CorrectionFactory(
        claim=claim, old_rating=rating("false"), new_rating=rating("half-true"), text="New data."
    )
    record = client.get(reverse("claims:api-claim", args=[claim.slug])).json()
    assert record["slug"] == claim.slug
    assert record["url"] == f"http://testserver{claim.get_absolute_url()}"
    assert (record["status"], record["rating"], record["claim"]) == (
        "published",
        "half-true",
        "Exports doubled.",
    )
    assert record["speaker"]["name"] == "Ann Minister"
    assert record["speaker"]["role"] == "Minister"
    assert record["source"]["url"] == "https://news.example/b"
    assert record["topics"] == [{"slug": "trade", "name": "Trade"}]
    assert [(e["url"], e["stance"]) for e in record["evidence"]] == [
        (e.url, e.stance) for e in claim.evidence.order_by("pk")
    ]
    assert ("https://stats.example/t1", "refutes") in [
        (e["url"], e["stance"]) for e in record["evidence"]
    ]
    (correction,) = record["corrections"]
    assert (correction["old_rating"], correction["new_rating"], correction["text"]) == (
        "false",
        "half-true",
        "New data.",
    )
    assert record["claimReview"]["@type"] == "ClaimReview"
    assert record["claimReview"]["reviewRating"]["alternateName"] == "Half true"
    assert record["claimReview"]["dateModified"]
    assert "notes" not in record


def test_csv_has_one_row_per_check_with_readable_columns(client):
    claim = ClaimFactory(
        published=True, text="Exports doubled.", rating=rating("true"), speaker__name="Ann"
    )
    claim.topics.add(TopicFactory(name="Trade"), TopicFactory(name="Energy"))
    (row,) = csv_rows(client, {})
    assert row["url"] == f"http://testserver{claim.get_absolute_url()}"
    assert (row["claim"], row["rating"], row["rating_value"], row["speaker"]) == (
        "Exports doubled.",
        "True",
        str(rating("true").value),
        "Ann",
    )
    assert row["topics"] == "Energy; Trade"


def test_csv_neutralises_text_a_spreadsheet_would_run_as_a_formula(client):
    ClaimFactory(published=True, text='=HYPERLINK("http://evil.example","click")')
    (row,) = csv_rows(client, {})
    assert row["claim"] == """'=HYPERLINK("http://evil.example","click")"""


def test_editors_export_selected_claims_with_their_evidence(client, editor):
    published = ClaimFactory(published=True, text="Checked claim")
    published.evidence.update(url="https://a.example/1", stance="supports")
    EvidenceFactory(claim=published, url="https://a.example/2", stance="refutes")
    draft = ClaimFactory(text="Draft without evidence", notes="internal")
    ClaimFactory(text="Not selected")
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "export_csv", "_selected_action": [published.pk, draft.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="claims-with-evidence-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted((r["claim"], r["evidence_url"], r["stance"]) for r in rows) == [
        ("Checked claim", "https://a.example/1", "Supports the claim"),
        ("Checked claim", "https://a.example/2", "Refutes the claim"),
        ("Draft without evidence", "", ""),
    ]
    assert {r["status"] for r in rows} == {"Published", "Draft"}


def test_anonymous_cannot_use_the_editors_export(client):
    claim = ClaimFactory()
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "export_csv", "_selected_action": [claim.pk]},
    )
    assert response.status_code == 302
    assert "text/csv" not in response["Content-Type"]


CONDITIONAL_URLS = [
    API,
    "/claims.csv",
    "/feeds/checks.rss",
    "/feeds/checks.atom",
    "/feeds/corrections.rss",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", CONDITIONAL_URLS)
def test_unchanged_data_answers_304(client, url):
    ClaimFactory(published=True)
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_single_check_answers_304_when_unchanged(client):
    url = reverse("claims:api-claim", args=[ClaimFactory(published=True).slug])
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("url", [url for url in CONDITIONAL_URLS if "corrections" not in url])
def test_a_new_check_ends_the_304(client, url, django_capture_on_commit_callbacks):
    ClaimFactory(published=True)
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        ClaimFactory(published=True, text="Brand new check")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_renaming_a_speaker_ends_the_304(client, django_capture_on_commit_callbacks):
    claim = ClaimFactory(published=True, speaker__name="Old Name")
    etag = client.get(API)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        claim.speaker.name = "New Name"
        claim.speaker.save()
    response = client.get(API, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["speaker"]["name"] == "New Name"


def make_checks(n):
    speaker, topic, source = SpeakerFactory(), TopicFactory(), SourceFactory()
    claims = ClaimFactory.create_batch(n, published=True, speaker=speaker, source=source)
    for claim in claims:
        claim.topics.add(topic)
        EvidenceFactory(claim=claim)
        CorrectionFactory(claim=claim)
    return claims


@pytest.mark.parametrize("n", [5, 200])
def test_api_and_csv_use_a_constant_number_of_queries(
    client, django_assert_max_num_queries, settings, n
):
    settings.FACTCHECK_PAGE_SIZE = 4
    claim = make_checks(n)[0]
    urls = [
        API,
        f"{API}?rating=false&q=claim&topic={claim.topics.get().slug}",
        f"{API}?page=2",
        reverse("claims:api-claim", args=[claim.slug]),
        "/claims.csv",
        "/claims.csv?rating=false",
    ]
    # The filter menus and the rating scale are cached once per data generation.
    client.get(API)
    for url in urls:
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
