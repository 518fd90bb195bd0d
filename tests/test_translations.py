"""The interface in Russian: a complete, compiled catalogue, and every page speaking it."""

import re
import shutil
from html import unescape

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.factories import (
    ClaimFactory,
    CorrectionFactory,
    PageFactory,
    SourceFactory,
    TopicFactory,
    publish_version,
)

CATALOGUE = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_string_of_the_catalogue_is_translated():
    po = catalogue()
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.percent_translated() == 100


def test_the_compiled_catalogue_is_the_current_one():
    """The .mo is committed (running the site needs no gettext): it must match the .po."""
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(COMPILED)}
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in catalogue().translated_entries()
    }
    assert compiled == source, "run `make messages` and commit locale/"


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (apt-get install gettext); .ci/run installs it",
)
def test_makemessages_finds_no_string_missing_from_the_catalogue(tmp_path, monkeypatch):
    """``makemessages`` over a copy of the code and templates adds nothing to the catalogue
    and finds nothing in it unused."""
    for folder in ("claims", "factcheck", "templates", "locale"):
        shutil.copytree(settings.BASE_DIR / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["ru"], verbosity=0)
    scanned = polib.pofile(str(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    new = [e.msgid for e in scanned if not e.obsolete and not e.translated()]
    unused = [e.msgid for e in scanned if e.obsolete]
    assert new == [], "strings not in the Russian catalogue: run `make messages`, translate"
    assert unused == [], "strings no longer used: run `make messages`"


def english_phrases():
    """Phrases of the catalogue (two words or more, no placeholder) in English: none may be
    left on a Russian page."""
    return [
        e.msgid
        for e in catalogue().translated_entries()
        if " " in e.msgid.strip() and "%(" not in e.msgid and e.msgstr != e.msgid
    ]


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def site(db):
    topic = TopicFactory(name="Economy")
    source = SourceFactory(title="Interview", text="The minister said exports grew.")
    claim = ClaimFactory(published=True, text="exports grew", source=source, topics=[topic])
    publish_version(claim, ruling="Экспорт вырос.", summary="Верно.", claim_reviewed="Экспорт")
    CorrectionFactory(claim=claim)
    PageFactory(slug="about", title="About")
    PageFactory(slug="methodology", title="Methodology")
    return {"claim": claim, "topic": topic, "source": source}


def public_pages(site):
    claim = site["claim"]
    return [
        "/ru/",
        "/ru/claims/",
        "/ru/claims/?q=nothing-matches",
        f"/ru/claims/{claim.slug}/",
        f"/ru/speakers/{claim.speaker.slug}/",
        f"/ru/sources/{site['source'].slug}/",
        f"/ru/topics/{site['topic'].slug}/",
        "/ru/corrections/",
        "/ru/suggest/",
        "/ru/suggest/thanks/",
        "/ru/methodology/",
        "/ru/pages/about/",
        "/ru/impact/",
        "/ru/subscribe/",
        "/ru/subscribe/sent/",
        f"/ru/claims/{claim.slug}/history/",
        f"/ru/claims/{claim.slug}/embed/",
    ]


def test_every_public_page_renders_in_russian(client, site):
    phrases = english_phrases()
    for url in public_pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="ru">' in response.text, url
        assert response["Content-Language"] == "ru"
        text = visible_text(response.text)
        left = [phrase for phrase in phrases if phrase in text]
        assert left == [], f"{url} shows English: {left}"


def test_english_pages_keep_their_addresses_and_language(client, site):
    response = client.get("/claims/")
    assert '<html lang="en">' in response.text
    assert "All fact-checks" in response.text
    assert client.get("/ru/claims/").status_code == 200
    assert client.get("/en/claims/").status_code == 404  # English has no prefix


def test_a_missing_page_in_russian_says_so_in_russian(client, db):
    response = client.get("/ru/claims/no-such-check/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.text
    assert '<html lang="ru">' in response.text


def test_every_page_links_its_other_language_version(client, site):
    response = client.get("/claims/")
    assert 'hreflang="ru" href="http://testserver/ru/claims/"' in response.text
    assert 'href="http://testserver/ru/claims/" hreflang="ru" lang="ru">Русский</a>' in (
        response.text
    )
    russian = client.get("/ru/claims/")
    assert 'hreflang="en" href="http://testserver/claims/"' in russian.text
    assert russian.text.count('<nav class="languages') == 1
    assert 'lang="en">English</a>' in russian.text


def test_russian_links_stay_in_russian(client, site):
    text = client.get("/ru/").text
    assert 'href="/ru/claims/"' in text
    assert 'href="/ru/feeds/checks.rss"' in text
    assert 'href="/ru/methodology/"' in text
    assert 'href="/claims/"' not in text.split('<nav class="languages')[0]


def test_dates_are_written_the_russian_way(client, site):
    claim = site["claim"]
    text = client.get(f"/ru/claims/{claim.slug}/").text
    month = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"][claim.published_at.month - 1]  # fmt: skip
    assert f"{claim.published_at.day} {month} {claim.published_at.year}" in text


@pytest.mark.parametrize("count, words", [(1, "1 проверка"), (2, "2 проверки"), (5, "5 проверок")])
def test_plurals_follow_russian_grammar(client, db, count, words):
    for claim in ClaimFactory.create_batch(count, published=True):
        publish_version(claim)
    assert words in client.get("/ru/claims/").text


def test_the_russian_feed_titles_are_russian(client, site):
    import feedparser

    feed = feedparser.parse(client.get("/ru/feeds/checks.rss").content)
    assert feed.feed.title.endswith(": проверки фактов")
    assert feed.feed.link.endswith("/ru/claims/")


def test_the_desk_speaks_the_editors_browser_language(client, editor, site):
    client.force_login(editor)
    claim = site["claim"]
    response = client.get(f"/admin/claims/claim/{claim.pk}/change/", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="ru"' in response.text
    assert "Выпустить поправку или обновление" in response.text
    assert "Issue a correction or update" not in response.text


def test_the_desk_switches_language_for_the_editor(client, editor, db):
    client.force_login(editor)
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})
    assert response.status_code == 302
    page = client.get("/admin/claims/claim/")
    assert '<html lang="ru"' in page.text
    assert "Импорт статьи" in page.text
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert "Import article" in client.get("/admin/claims/claim/").text


def test_workflow_refusals_are_in_the_editors_language(client, editor, site):
    from claims.models import Claim

    client.force_login(editor)
    claim = ClaimFactory(status="in_review", researcher=editor)
    response = client.post(
        f"/admin/claims/claim/{claim.pk}/transition/",
        {"transition": "publish", "version": claim.version},
        HTTP_ACCEPT_LANGUAGE="ru",
        follow=True,
    )
    assert "Не выполнено:" in response.text
    assert "Правило двух человек" in response.text
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_every_desk_page_renders_in_russian(client, editor, site):
    claim = site["claim"]
    draft = ClaimFactory()
    client.force_login(editor)
    phrases = english_phrases()
    for url in [
        "/admin/",
        "/admin/claims/claim/",
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/claims/claim/{draft.pk}/change/",
        "/admin/claims/claim/add/",
        f"/admin/claims/claim/{claim.pk}/version/ru/",
        f"/admin/claims/claim/{claim.pk}/correct/",
        f"/admin/claims/claim/{claim.pk}/correct/?language=ru",
        "/admin/claims/claim/import/",
        "/admin/claims/rating/",
        "/admin/claims/page/",
        "/admin/claims/evidence/",
        "/admin/claims/claim/impact/",
        "/admin/preferences/",
        "/admin/claims/watchedsource/",
        "/admin/claims/inboxsentence/",
        "/admin/claims/appearance/",
        "/admin/claims/recurringclaim/",
        "/admin/claims/checklistitem/",
        "/admin/claims/correctionrequest/",
        "/admin/claims/webhookdelivery/",
        "/admin/claims/failedtask/",
        "/admin/claims/archivedcopy/",
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 200, url
        assert '<html lang="ru"' in response.text, url
        text = visible_text(re.sub(r"<(textarea|option)\b.*?</\1>", " ", response.text, flags=re.S))
        left = [phrase for phrase in phrases if phrase in text]
        assert left == [], f"{url} shows English: {left}"
