"""Checks published in more than one language: each version reviewed by another editor, with
its own address, markup, feed entries and data; a check without a version in a language is
never shown as if it were in it."""

import json
import re

import feedparser
import pytest
from django.db import connection

from claims import workflow
from claims.models import Claim
from tests.factories import ClaimFactory, PageFactory, UserFactory, rating

pytestmark = pytest.mark.django_db

RUSSIAN = {
    "claim_reviewed": "Казахстан остановил поставки угля в Россию",
    "summary": "Поставки не останавливали.",
    "ruling": "Железнодорожная статистика показывает, что уголь шёл в Россию весь июнь.",
}


@pytest.fixture
def translator(db):
    return UserFactory(username="translator", role="Researcher")


def russian_version(claim, translator, reviewer, texts=RUSSIAN):
    workflow.submit_version(claim, "ru", translator, texts)
    workflow.publish_version(claim, "ru", reviewer)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def bilingual(translator, editor):
    claim = ClaimFactory(
        published=True,
        text="Kazakhstan stopped coal deliveries to Russia",
        claim_reviewed="Kazakhstan stopped coal deliveries to Russia in June 2022",
        summary="Deliveries did not stop.",
    )
    return russian_version(claim, translator, editor)


@pytest.fixture
def english_only(db):
    return ClaimFactory(published=True, text="Grain exports doubled", summary="They fell.")


def ld_json(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


# The workflow: a translation is reviewed like the check itself.


def test_the_translator_cannot_publish_their_own_version(translator, editor):
    claim = ClaimFactory(published=True)
    workflow.submit_version(claim, "ru", editor, RUSSIAN)
    with pytest.raises(workflow.WorkflowError, match="Two-person rule"):
        workflow.publish_version(claim, "ru", editor)
    assert not claim.language_versions.get().is_published


def test_a_researcher_cannot_publish_a_version(translator, researcher):
    claim = ClaimFactory(published=True)
    workflow.submit_version(claim, "ru", translator, RUSSIAN)
    with pytest.raises(workflow.WorkflowError, match="permission"):
        workflow.publish_version(claim, "ru", researcher)


def test_a_version_needs_all_three_texts_and_a_published_check(translator):
    with pytest.raises(workflow.WorkflowError, match="needs the claim as reviewed"):
        workflow.submit_version(
            ClaimFactory(published=True), "ru", translator, {**RUSSIAN, "ruling": " "}
        )
    with pytest.raises(workflow.WorkflowError, match="Only a published check"):
        workflow.submit_version(ClaimFactory(), "ru", translator, RUSSIAN)


def test_a_published_version_changes_only_through_a_correction(bilingual, translator, editor):
    with pytest.raises(workflow.WorkflowError, match="only through a correction"):
        workflow.submit_version(bilingual, "ru", translator, RUSSIAN)
    workflow.correct(
        bilingual, editor, "Уточнили месяц.", language="ru", ruling="Уголь шёл весь июль."
    )
    claim = Claim.objects.get(pk=bilingual.pk)
    assert claim.ruling_ru == "Уголь шёл весь июль."
    assert claim.ruling_en == "Because the records say otherwise."  # the English one stays


def test_a_correction_of_a_version_cannot_change_the_verdict(bilingual, editor):
    with pytest.raises(workflow.WorkflowError, match="cannot change rating"):
        workflow.correct(bilingual, editor, "x", language="ru", rating=rating("true"))


def test_the_desk_submits_and_another_editor_publishes_a_version(
    client, researcher, editor, english_only
):
    url = f"/admin/claims/claim/{english_only.pk}/version/ru/"
    client.force_login(researcher)
    response = client.post(url, {**RUSSIAN, "version": english_only.version, "submit": "1"})
    assert response.status_code == 302
    assert client.get(f"/ru/claims/{english_only.slug}/").status_code == 302  # not yet
    client.force_login(editor)
    english_only.refresh_from_db()
    form = client.get(url)
    assert 'lang="ru"' in form.text and RUSSIAN["ruling"] in form.text
    client.post(url, {**RUSSIAN, "version": english_only.version, "publish": "1"})
    client.logout()
    page = client.get(f"/ru/claims/{english_only.slug}/")
    assert page.status_code == 200
    assert RUSSIAN["ruling"] in page.text


def test_the_desk_refuses_the_translator_publishing_with_the_rule(client, editor, english_only):
    url = f"/admin/claims/claim/{english_only.pk}/version/ru/"
    client.force_login(editor)
    client.post(url, {**RUSSIAN, "version": english_only.version, "submit": "1"})
    english_only.refresh_from_db()
    response = client.post(url, {**RUSSIAN, "version": english_only.version, "publish": "1"})
    assert response.status_code == 200
    assert "another editor must review and publish it" in response.text


# Readers: each version at its own address, with its own markup.


def test_the_russian_page_is_in_russian_with_its_markup(client, bilingual):
    response = client.get(f"/ru/claims/{bilingual.slug}/")
    html = response.text
    assert '<html lang="ru">' in html
    assert RUSSIAN["ruling"] in html and RUSSIAN["summary"] in html
    assert f'<link rel="canonical" href="http://testserver/ru/claims/{bilingual.slug}/">' in html
    review = ld_json(html)
    assert review["inLanguage"] == "ru"
    assert review["claimReviewed"] == RUSSIAN["claim_reviewed"]
    assert review["url"] == f"http://testserver/ru/claims/{bilingual.slug}/"


def test_language_versions_point_at_each_other(client, bilingual):
    english = client.get(f"/claims/{bilingual.slug}/").text
    russian = client.get(f"/ru/claims/{bilingual.slug}/").text
    en_url = f"http://testserver/claims/{bilingual.slug}/"
    ru_url = f"http://testserver/ru/claims/{bilingual.slug}/"
    for html in (english, russian):
        assert f'<link rel="alternate" hreflang="en" href="{en_url}">' in html
        assert f'<link rel="alternate" hreflang="ru" href="{ru_url}">' in html
    assert ld_json(english)["inLanguage"] == "en"


def test_an_english_only_check_has_no_russian_markup_anywhere(client, english_only, bilingual):
    html = client.get(f"/claims/{english_only.slug}/").text
    assert 'hreflang="ru"' not in html
    assert "Русский</a>" not in html  # no switcher link to a version that does not exist
    redirect = client.get(f"/ru/claims/{english_only.slug}/")
    assert redirect.status_code == 302
    assert redirect["Location"] == f"/claims/{english_only.slug}/"
    for url in ["/ru/", "/ru/claims/", f"/ru/speakers/{english_only.speaker.slug}/"]:
        assert english_only.slug not in client.get(url).text, url
    assert client.get(f"/ru/speakers/{english_only.speaker.slug}/").status_code == 404
    feed = client.get("/ru/feeds/checks.rss").text
    assert english_only.slug not in feed and bilingual.slug in feed
    assert english_only.slug not in client.get("/sitemap-claims-ru.xml").text
    api = client.get("/api/claims.json?language=ru").json()
    assert [record["slug"] for record in api["results"]] == [bilingual.slug]
    assert client.get(f"/api/claims/{english_only.slug}.json?language=ru").status_code == 404


def test_the_russian_feed_has_russian_entries(client, bilingual):
    feed = feedparser.parse(client.get("/ru/feeds/checks.rss").content)
    assert feed.feed.language == "ru"
    (entry,) = feed.entries
    assert entry.title == f"Ложь: {RUSSIAN['claim_reviewed']}"
    assert entry.link == f"http://testserver/ru/claims/{bilingual.slug}/"
    assert entry.summary.endswith(f": {RUSSIAN['summary']}")  # after who said it, and when


def test_the_sitemap_lists_each_version_with_its_alternates(client, bilingual, english_only):
    index = client.get("/sitemap.xml").text
    assert "/sitemap-claims-ru.xml" in index
    english = client.get("/sitemap-claims.xml").text
    ru_url = f"http://testserver/ru/claims/{bilingual.slug}/"
    assert f'<xhtml:link rel="alternate" hreflang="ru" href="{ru_url}"/>' in english
    assert english.count("xhtml:link") == 2  # the translated check's two versions only
    russian = client.get("/sitemap-claims-ru.xml").text
    assert f"<loc>{ru_url}</loc>" in russian


def test_the_api_and_csv_return_the_version_asked_for(client, bilingual):
    record = client.get(f"/api/claims/{bilingual.slug}.json?language=ru").json()
    assert record["language"] == "ru"
    assert record["languages"] == ["en", "ru"]
    assert record["ruling"] == RUSSIAN["ruling"]
    assert record["claimReview"]["inLanguage"] == "ru"
    english = client.get(f"/api/claims/{bilingual.slug}.json").json()
    assert english["ruling"] == "Because the records say otherwise."
    csv = client.get("/claims.csv?language=ru").content.decode()
    assert RUSSIAN["summary"] in csv
    bad = client.get("/api/claims.json?language=xx")
    assert bad.status_code == 400 and "Unknown language" in bad.json()["error"]
    assert client.get("/claims.csv?language=xx").status_code == 400


# Claims in the words they were said.


def test_the_original_wording_is_shown_in_its_language(client, translator, editor):
    claim = ClaimFactory(
        published=True,
        text="We will not recognise the quasi-states",
        language="ru",
        original_wording="Мы не будем признавать квазигосударства",
    )
    english = client.get(f"/claims/{claim.slug}/").text
    assert '<q lang="ru">Мы не будем признавать квазигосударства</q>' in english
    assert "As said, in Russian:" in english
    russian_version(claim, translator, editor)
    russian = client.get(f"/ru/claims/{claim.slug}/").text
    assert "«Мы не будем признавать квазигосударства»</h1>" in russian
    assert '<p class="check-translation" lang="en">' in russian


def test_policy_pages_and_the_rating_scale_have_a_text_per_language(client, db):
    false = rating("false")
    false.description_ru = "Утверждение не соответствует фактам."
    false.save()
    PageFactory(slug="about", title_en="About", title_ru="О нас", body_en="Hi", body_ru="Привет")
    methodology = client.get("/ru/methodology/").text
    assert "Ложь" in methodology and "Утверждение не соответствует фактам." in methodology
    assert "Ложь" not in client.get("/methodology/").text
    about = client.get("/ru/pages/about/").text
    assert "О нас" in about and "Привет" in about
    assert "Привет" not in client.get("/pages/about/").text


# Search in Russian.


def test_search_finds_cyrillic_words_whatever_their_case(client, bilingual):
    found = client.get("/ru/claims/", {"q": "УГЛЯ"}).text
    assert f"/ru/claims/{bilingual.slug}/" in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_search_finds_an_inflected_russian_form_on_postgresql(client, bilingual):
    # "угля" in the ruling; "уголь" (nominative) and "углём" (instrumental) find it.
    for word in ("уголь", "углём", "поставками"):
        found = client.get("/ru/claims/", {"q": word}).text
        assert f"/ru/claims/{bilingual.slug}/" in found, word


def test_russian_pages_take_at_most_six_queries(
    client, bilingual, english_only, django_assert_max_num_queries
):
    urls = [
        "/ru/",
        "/ru/claims/",
        "/ru/claims/?q=уголь",
        f"/ru/claims/{bilingual.slug}/",
        f"/ru/speakers/{bilingual.speaker.slug}/",
        "/ru/feeds/checks.rss",
        "/sitemap-claims.xml",
        "/sitemap-claims-ru.xml",
        "/ru/methodology/",
        "/ru/corrections/",
        "/api/claims.json?language=ru",
    ]
    client.get("/ru/")  # the menus and the rating scale, cached once per generation
    for url in urls:
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200, url


def test_reader_pages_do_not_vary_by_the_browser_language(client, bilingual):
    for url in ["/claims/", "/ru/claims/"]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        assert "Accept-Language" not in response.get("Vary", ""), url
    assert client.get("/claims/", HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "en"
    html = client.get(f"/ru/claims/{bilingual.slug}/").text
    english = f"http://testserver/claims/{bilingual.slug}/"
    assert f'<link rel="alternate" hreflang="x-default" href="{english}">' in html


def test_the_desk_shows_a_checks_language_versions_only_once_published(client, editor, bilingual):
    client.force_login(editor)
    page = client.get(f"/admin/claims/claim/{bilingual.pk}/change/").text
    assert f'href="/admin/claims/claim/{bilingual.pk}/version/ru/">Русский</a>' in page
    draft = ClaimFactory()
    assert "/version/" not in client.get(f"/admin/claims/claim/{draft.pk}/change/").text


def test_each_language_counts_its_own_list(client, bilingual, english_only, settings):
    settings.FACTCHECK_PAGE_CACHE = True  # the counts are cached like the pages
    assert "2 checks" in client.get("/claims/").text
    assert "1 проверка" in client.get("/ru/claims/").text


def test_the_russian_corrections_feed_leaves_out_english_only_checks(client, bilingual, editor):
    from tests.factories import CorrectionFactory

    english = CorrectionFactory(text="We corrected a date in English.")
    workflow.correct(bilingual, editor, "Уточнили месяц.", language="ru", summary="Не было.")
    feed = client.get("/ru/feeds/corrections.rss").content.decode()
    assert "Уточнили месяц." in feed
    assert english.claim.slug not in feed


def test_a_correction_of_a_version_is_shown_to_its_readers_only(client, bilingual, editor):
    workflow.correct(bilingual, editor, "Уточнили месяц.", language="ru", summary="Не было.")
    workflow.correct(bilingual, editor, "We added a source.", kind="update")
    russian = client.get(f"/ru/claims/{bilingual.slug}/").text
    english = client.get(f"/claims/{bilingual.slug}/").text
    assert "Уточнили месяц." in russian and "We added a source." in russian
    assert "Уточнили месяц." not in english and "We added a source." in english
    assert "Уточнили месяц." not in client.get("/corrections/").text
    assert "Уточнили месяц." in client.get("/ru/corrections/").text
    record = client.get(f"/api/claims/{bilingual.slug}.json").json()
    assert [c["text"] for c in record["corrections"]] == ["We added a source."]


def test_a_version_of_a_retracted_check_cannot_be_published(translator, editor):
    claim = ClaimFactory(published=True)
    workflow.submit_version(claim, "ru", translator, RUSSIAN)
    workflow.transition(claim, "retract", claim.reviewer, comment="Wrong.")
    with pytest.raises(workflow.WorkflowError, match="Only a published check"):
        workflow.publish_version(claim, "ru", editor)


def test_the_reviewer_cannot_publish_texts_they_have_just_changed(
    client, translator, editor, english_only
):
    workflow.submit_version(english_only, "ru", translator, RUSSIAN)
    english_only.refresh_from_db()
    client.force_login(editor)
    url = f"/admin/claims/claim/{english_only.pk}/version/ru/"
    changed = {**RUSSIAN, "summary": "Другое.", "version": english_only.version, "publish": "1"}
    response = client.post(url, changed)
    assert "save and submit them instead" in response.text
    assert not english_only.language_versions.get().is_published
