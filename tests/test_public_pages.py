import re
from html import unescape

import pytest
from django.urls import reverse

from claims import visibility
from tests.factories import (
    ClaimFactory,
    CorrectionFactory,
    EvidenceFactory,
    PageFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
    rating,
)

pytestmark = pytest.mark.django_db


def test_home_lists_latest_published_checks_only(client):
    published = ClaimFactory(published=True, text="Exports fell by half")
    ClaimFactory(text="Secret draft about exports")
    response = client.get("/")
    assert response.status_code == 200
    assert published.text in response.text
    assert "Secret draft" not in response.text


@pytest.mark.parametrize("status", ["draft", "researching", "in_review", "not_checkable"])
def test_unpublished_claim_page_is_404(client, status):
    claim = ClaimFactory(status=status)
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_claim_page_shows_verdict_ruling_evidence_by_stance(client):
    claim = ClaimFactory(
        published=True, rating=rating("half-true"), ruling="Partly right.\n\nBut dated."
    )
    EvidenceFactory(claim=claim, title="Ministry report", stance="supports")
    EvidenceFactory(claim=claim, title="Denial by railway", stance="refutes")
    response = client.get(claim.get_absolute_url())
    html = response.text
    assert '<span class="verdict verdict--half-true">Half true</span>' in html
    assert "<p>Partly right.</p>" in html
    assert html.index("Supports the claim") < html.index("Ministry report")
    assert html.index("Refutes the claim") < html.index("Denial by railway")


def test_claim_page_never_shows_research_notes(client):
    claim = ClaimFactory(published=True, notes="INTERNAL-NOTE-7731")
    assert "INTERNAL-NOTE-7731" not in client.get(claim.get_absolute_url()).text


def test_retracted_check_stays_up_marked_and_not_indexed(client):
    claim = ClaimFactory(published=True, status="retracted")
    CorrectionFactory(claim=claim, kind="retraction", text="The document was forged.")
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert "This check has been retracted" in response.text
    assert "The document was forged." in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert claim.text not in client.get("/claims/").text


def test_correction_changing_the_verdict_is_shown_with_old_and_new(client):
    claim = ClaimFactory(published=True, rating=rating("half-true"))
    CorrectionFactory(
        claim=claim, old_rating=rating("false"), new_rating=rating("half-true"), text="New data."
    )
    html = client.get(claim.get_absolute_url()).text
    assert "Verdict changed from <strong>False</strong> to <strong>Half true</strong>" in html


def test_list_filters_by_rating(client):
    false_claim = ClaimFactory(published=True, rating=rating("false"), text="Coal was blocked")
    true_claim = ClaimFactory(published=True, rating=rating("true"), text="Oil was renamed")
    response = client.get("/claims/", {"rating": "false"})
    assert false_claim.text in response.text
    assert true_claim.text not in response.text
    assert "Verdict: <strong>False</strong>" in response.text


def test_list_filters_by_speaker_topic_source_and_date(client):
    speaker, topic, source = SpeakerFactory(), TopicFactory(), SourceFactory()
    match = ClaimFactory(
        published=True, speaker=speaker, source=source, claim_date="2022-06-17", text="Match me"
    )
    match.topics.add(topic)
    ClaimFactory(published=True, text="Other claim", claim_date="2021-01-01")
    response = client.get(
        "/claims/",
        {
            "speaker": speaker.slug,
            "topic": topic.slug,
            "source": source.slug,
            "date_from": "2022-06-01",
            "date_to": "2022-06-30",
        },
    )
    assert response.status_code == 200
    assert "Match me" in response.text
    assert "Other claim" not in response.text


def test_search_finds_words_in_claim_and_speaker(client):
    ClaimFactory(published=True, text="The pipeline was closed", speaker__name="Ana Ruiz")
    ClaimFactory(published=True, text="Wheat prices doubled")
    assert "pipeline was closed" in client.get("/claims/", {"q": "pipeline"}).text
    assert "pipeline was closed" in client.get("/claims/", {"q": "ruiz"}).text
    assert "pipeline was closed" not in client.get("/claims/", {"q": "wheat"}).text


def test_active_filter_can_be_removed(client):
    ClaimFactory(published=True, rating=rating("false"))
    html = client.get("/claims/", {"rating": "false", "q": "claim"}).text
    assert 'href="?q=claim"' in html  # removing the verdict keeps the search


def test_active_filters_are_named_as_readers_chose_them_and_escaped(client):
    ClaimFactory(published=True, rating=rating("false"))
    params = {"rating": "false", "date_from": "2024-03-01", "q": "<b>tax</b>"}
    html = client.get("/claims/", params).text
    active = html.split('<ul class="active-filters" aria-label="Active filters">')[1]
    active = active.split("</ul>")[0]
    assert "<span>Verdict: <strong>False</strong></span>" in active
    assert "<span>Said from: <strong>1 March 2024</strong></span>" in active
    assert "<strong>&lt;b&gt;tax&lt;/b&gt;</strong>" in active and "<b>" not in active
    assert 'href="?rating=false&amp;q=%3Cb%3Etax%3C%2Fb%3E"' in active  # without the date
    assert 'aria-label="Remove filter Verdict: False"' in active
    assert 'class="active-filters"' not in client.get("/claims/").text


@pytest.mark.parametrize(
    "params",
    [
        {"rating": "not-a-rating"},
        {"speaker": "nobody"},
        {"date_from": "yesterday"},
        {"date_from": "2022-02-30"},
        {"date_from": "2023-01-01", "date_to": "2022-01-01"},
        {"q": "x" * 500},
    ],
)
def test_invalid_filters_are_a_400_with_the_error_shown(client, params):
    ClaimFactory(published=True)
    response = client.get("/claims/", params)
    assert response.status_code == 400
    assert 'class="field-error"' in response.text or 'class="form-errors"' in response.text


def test_speaker_of_drafts_only_has_no_public_page(client):
    speaker = SpeakerFactory()
    ClaimFactory(speaker=speaker)
    assert client.get(speaker.get_absolute_url()).status_code == 404


def test_speaker_page_counts_checks_per_rating(client):
    speaker = SpeakerFactory(name="Ivan Petrov")
    ClaimFactory.create_batch(2, published=True, speaker=speaker, rating=rating("false"))
    ClaimFactory(published=True, speaker=speaker, rating=rating("true"))
    ClaimFactory(speaker=speaker, rating=rating("true"))  # draft: not counted
    html = client.get(speaker.get_absolute_url()).text
    table = html[html.index('<table class="tally">') : html.index("</table>")]
    row = r"<tr><td>.*?>([^<]+)</span></td><td><a [^>]+>(\d+)<.*?<td>(\d+)%</td></tr>"
    rows = re.findall(row, table)
    assert rows == [("True", "1", "33"), ("False", "2", "67")]
    assert "Record: 3 checks" in html


def test_each_line_of_a_speakers_record_links_to_those_checks(client):
    speaker = SpeakerFactory(name="Ivan Petrov")
    ClaimFactory(published=True, speaker=speaker, rating=rating("false"), text="Said falsely")
    ClaimFactory(published=True, speaker=speaker, rating=rating("true"), text="Said truly")
    ClaimFactory(published=True, rating=rating("false"), text="Someone else, falsely")
    ClaimFactory(speaker=speaker, rating=rating("false"), text="A draft, falsely")
    html = client.get(speaker.get_absolute_url()).text
    link = re.search(r'<a href="([^"]+)">1<span class="visually-hidden"> False</span></a>', html)
    listed = client.get(unescape(link.group(1))).text
    assert "Said falsely" in listed
    for other in ("Said truly", "Someone else, falsely", "A draft, falsely"):
        assert other not in listed


def test_source_page_marks_published_claims_and_hides_drafts(client):
    source = SourceFactory(text="Oil fell. Coal rose. Gas stayed.", text_is_public=True)
    published = ClaimFactory(
        published=True, source=source, text="Coal rose.", start_offset=10, end_offset=20
    )
    ClaimFactory(source=source, text="Gas stayed.", start_offset=21, end_offset=32)
    html = client.get(source.get_absolute_url()).text
    assert f'<mark id="claim-{published.slug}"' in html
    assert html.count("<mark") == 1


def test_source_page_without_republishing_right_shows_excerpts_only(client):
    source = SourceFactory(text="A" * 500 + " Coal rose. " + "B" * 500, text_is_public=False)
    ClaimFactory(published=True, source=source, text="Coal rose.")
    html = client.get(source.get_absolute_url()).text
    assert "Coal rose." in html
    assert "A" * 300 not in html


def test_source_of_drafts_only_has_no_public_page(client):
    source = SourceFactory()
    ClaimFactory(source=source)
    assert client.get(source.get_absolute_url()).status_code == 404


def test_methodology_lists_the_scale_and_editable_text(client):
    PageFactory(slug="methodology", title="Methodology", body="This is a demonstration set.")
    html = client.get("/methodology/").text
    assert "This is a demonstration set." in html
    for name in ["True", "Mostly true", "Half true", "Mostly false", "False", "Unproven"]:
        assert f">{name}</span>" in html
    assert "(off the scale)" in html


def test_policy_pages_are_linked_from_the_footer(client):
    page = PageFactory(slug="corrections-policy", title="Corrections policy")
    html = client.get("/").text
    assert f'<a href="{page.get_absolute_url()}">Corrections policy</a>' in html
    assert client.get(page.get_absolute_url()).status_code == 200


def test_a_new_policy_page_joins_every_pages_footer_at_once(
    client, django_capture_on_commit_callbacks
):
    PageFactory(slug="methodology", title="How we rate")
    assert "Ethics policy" not in client.get("/claims/").text
    with django_capture_on_commit_callbacks(execute=True):
        PageFactory(slug="ethics", title="Ethics policy")
    footer = client.get("/claims/").text.split('<footer class="site-footer">')[1]
    assert '<a href="/pages/ethics/">Ethics policy</a>' in footer
    assert footer.count('href="/methodology/"') == 1 and "How we rate" not in footer


def test_the_header_and_footer_follow_the_organisation_name(client, settings):
    settings.FACTCHECK_PAGE_CACHE = False
    assert "Daily Verifier" not in client.get("/claims/").text
    settings.FACTCHECK_ORG_NAME = "Daily Verifier"
    html = client.get("/claims/").text
    assert '<a class="brand" href="/">Daily Verifier</a>' in html
    assert "<p>© Daily Verifier</p>" in html


def test_healthz_says_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.content == b"ok"


def test_rating_badge_colours_come_from_the_scale(client):
    css = client.get(reverse("claims:rating-css")).text
    assert ".verdict--false{background:#b3261e;color:#ffffff}" in css


def test_pages_advertise_the_feeds(client):
    html = client.get("/claims/", {"rating": "false"}).text
    assert 'type="application/rss+xml"' in html
    assert 'href="/feeds/checks.rss?rating=false"' in html


def test_the_filters_keep_what_was_chosen_and_escape_it(client):
    ClaimFactory(published=True, rating=rating("false"))
    html = client.get("/claims/", {"rating": "false", "q": '"><script>x</script>'}).text
    assert '<option value="false" selected>False</option>' in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert "<script>x" not in html
    refused = client.get("/claims/", {"date_from": "yesterday"})
    assert refused.status_code == 400
    html = refused.text
    assert 'value="yesterday" aria-invalid="true" aria-describedby="id_date_from_error"' in html
    assert 'id="id_date_from_error" role="alert">Enter a valid date.</span>' in html


def test_the_filter_menus_follow_the_checks_published(client):
    ClaimFactory(published=True).topics.add(TopicFactory(name="Energy"))
    assert ">Energy</option>" in client.get("/claims/").text
    ClaimFactory(published=True).topics.add(TopicFactory(name="Water"))
    visibility.bump()  # what the commit of a publication does (test transactions never commit)
    html = client.get("/claims/").text
    assert ">Water</option>" in html and ">Energy</option>" in html


def test_speaker_record_follows_a_new_check_at_once(client, django_capture_on_commit_callbacks):
    speaker = SpeakerFactory(name="Ivan Petrov", role="Minister")
    ClaimFactory(published=True, speaker=speaker, rating=rating("false"))
    assert "Record: 1 check<" in client.get(speaker.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        ClaimFactory(published=True, speaker=speaker, rating=rating("true"))
        speaker.role = "Former minister"
        speaker.save()
    html = client.get(speaker.get_absolute_url()).text
    assert "Record: 2 checks" in html
    assert '<p class="lead">Former minister</p>' in html


def test_unknown_and_overlong_speaker_slugs_are_404(client):
    assert client.get("/speakers/nobody/").status_code == 404
    assert client.get(f"/speakers/{'a' * 500}/").status_code == 404


def test_a_topic_page_links_to_older_and_newer_checks(client, settings):
    settings.FACTCHECK_PAGE_SIZE = 2
    topic = TopicFactory(name="Coal")
    for n in range(5):
        ClaimFactory(published=True, text=f"Coal claim {n}", topics=[topic])
    first = client.get(topic.get_absolute_url()).text
    assert "Page 1 of 3" in first and 'rel="prev"' not in first
    older = re.search(r'<a rel="next" href="(\?page=2&amp;after=[0-9-]+)">Older →</a>', first)
    second = client.get(topic.get_absolute_url() + older[1].replace("&amp;", "&")).text
    assert "Page 2 of 3" in second
    newer = re.search(r'<a rel="prev" href="(\?page=1&amp;before=[0-9-]+)">← Newer</a>', second)
    assert client.get(topic.get_absolute_url() + newer[1].replace("&amp;", "&")).text == first


def test_the_corrections_page_links_to_its_next_page_by_number(client, settings):
    settings.FACTCHECK_PAGE_SIZE = 2
    CorrectionFactory.create_batch(3)
    html = client.get("/corrections/").text
    assert '<a rel="next" href="?page=2">Older →</a>' in html
    assert '<a rel="prev" href="?page=1">← Newer</a>' in client.get("/corrections/?page=2").text
