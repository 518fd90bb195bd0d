import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Claim, Source, Speaker
from tests.factories import ClaimFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

SEED_PATH = Path(__file__).parents[1] / "claims" / "demo" / "article.txt"
IMPORT_URL = "/admin/claims/claim/import/"
ARTICLE = (
    "Council passes budget\n\n"
    "The council approved a $1.2 billion budget on Tuesday by a vote of 7 to 4. "
    "“We inherited a deficit of $86 million,” Mayor Linda Ortiz said. "
    "I think we should perhaps be kinder to each other."
)


def ticked(html):
    """The sentences the preview proposes (ticked boxes)."""
    return re.findall(r'name="keep" value="(\d+-\d+)"[^>]*checked', html)


def import_seed(*args):
    call_command("import_article", str(SEED_PATH), "--title", "Seed", *args)


def test_import_creates_the_source_and_a_draft_per_checkable_sentence(capsys):
    import_seed("--publisher", "unknown", "--published", "2022-06-20")
    source = Source.objects.get(title="Seed")
    assert source.text == SEED_PATH.read_text()
    assert str(source.published_at) == "2022-06-20"
    drafts = list(source.claims.order_by("start_offset"))
    assert len(drafts) >= 15
    assert {claim.status for claim in drafts} == {"draft"}
    for claim in drafts:
        assert source.text[claim.start_offset : claim.end_offset] == claim.text
        assert claim.check_worthiness >= 0.5
    assert "draft claim(s)" in capsys.readouterr().err


def test_imported_draft_carries_the_guessed_speaker_and_why_it_was_proposed():
    sandu = SpeakerFactory(name="Maia Sandu")
    import_seed()
    quote = Claim.objects.get(text__startswith="Moldovan President Maia Sandu said")
    assert quote.speaker == sandu
    assert "Speaker guessed from the text: Maia Sandu" in quote.notes
    assert "number" in quote.notes
    own_claim = Claim.objects.get(text__startswith="Moscow has limited")
    assert own_claim.speaker.name == "The article's author (unnamed)"


def test_dry_run_in_json_lists_candidates_in_text_order_and_creates_nothing(capsys):
    import_seed("--dry-run", "--format", "json")
    candidates = json.loads(capsys.readouterr().out)["candidates"]
    assert [c["start"] for c in candidates] == sorted(c["start"] for c in candidates)
    assert set(candidates[0]) == {"text", "start", "end", "score", "features", "speaker_guess"}
    assert candidates[0]["text"] == "Moscow has limited the export of Kazakh oil."
    assert not Source.objects.exists()
    assert not Claim.objects.exists()


def test_threshold_changes_how_many_sentences_are_proposed(capsys):
    import_seed("--dry-run", "--format", "json", "--threshold", "0.9")
    strict = json.loads(capsys.readouterr().out)["candidates"]
    import_seed("--dry-run", "--format", "json", "--threshold", "0.2")
    lenient = json.loads(capsys.readouterr().out)["candidates"]
    assert 0 < len(strict) < len(lenient)
    assert all(c["score"] >= 0.9 for c in strict)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text"),
        (b"Plain words\x00and a NUL byte", "control characters"),
        (b"word " * 2_100_000, "characters"),
    ],
)
def test_bad_file_is_refused_with_a_clear_message_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path), "--title", "Bad")
    assert not Source.objects.exists()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--published", "2022-13-45", "--published: Enter a valid date"),
        ("--url", "javascript:alert(1)", "--url: Enter a full web address"),
        ("--threshold", "2", "--threshold: Ensure this value is less than or equal to 1"),
        ("--title", "", "--title: This field is required"),
    ],
)
def test_bad_option_is_refused_and_writes_nothing(option, value, message):
    args = ["--title", "Seed", option, value]
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(SEED_PATH), *args)
    assert not Source.objects.exists()


# The desk's import page


@pytest.fixture
def preview(client, researcher):
    client.force_login(researcher)
    data = {"title": "Budget report", "text": ARTICLE, "threshold": "0.5", "preview": "1"}
    return client, data, client.post(IMPORT_URL, data)


def test_claim_list_links_to_the_import_page(client, researcher):
    client.force_login(researcher)
    html = client.get(reverse("admin:claims_claim_changelist")).text
    assert f'<a href="{IMPORT_URL}">Import article</a>' in html


def test_preview_ranks_sentences_with_scores_reasons_and_ticks_the_worthy(preview):
    _client, _data, response = preview
    html = response.text
    assert response.status_code == 200
    budget = html.index("approved a $1.2 billion budget")
    opinion = html.index("I think we should perhaps")
    assert budget < opinion  # most check-worthy first
    assert "number, money, date" in html or "date, money, number" in html
    assert html.count('name="keep"') == 4
    assert html.count(" checked>") == 2
    assert not Source.objects.exists()


def test_preview_shows_published_checks_like_a_proposed_sentence(preview):
    client, data, _response = preview
    earlier = ClaimFactory(
        published=True, text="The council approved a $1.1 billion budget on Tuesday."
    )
    html = client.post(IMPORT_URL, data).text
    assert f'<a href="{earlier.get_absolute_url()}">' in html
    assert "<strong>False</strong>" in html


def test_ticked_sentences_become_drafts_of_the_new_source(preview, researcher):
    client, data, response = preview
    response = client.post(
        IMPORT_URL,
        {
            **data,
            "create": "1",
            "keep": ticked(response.text)[:1],
            "fingerprint": response.context["fingerprint"],
        },
    )
    source = Source.objects.get(title="Budget report")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?source__id__exact={source.pk}")
    (draft,) = source.claims.all()
    assert draft.text.startswith("The council approved a $1.2 billion budget")
    assert draft.researcher == researcher  # a researcher's imports are assigned to them
    assert draft.status == "draft"
    listing = client.get(response["Location"]).text
    assert "The council approved a $1.2 billion budget" in listing


def test_text_edited_after_the_preview_is_previewed_again(preview):
    client, data, response = preview
    response = client.post(
        IMPORT_URL,
        {
            **data,
            "text": "Someone edited this. " + ARTICLE,
            "create": "1",
            "keep": ticked(response.text),
            "fingerprint": response.context["fingerprint"],
        },
    )
    assert response.status_code == 200
    assert "The text changed since the preview" in response.text
    assert not Source.objects.exists()


def test_creating_with_nothing_ticked_asks_for_a_choice(preview):
    client, data, response = preview
    response = client.post(
        IMPORT_URL, {**data, "create": "1", "fingerprint": response.context["fingerprint"]}
    )
    assert "Tick at least one sentence" in response.text
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "   ", "The text is empty."),
        ("text", "binary\x00junk", "Null characters are not allowed"),
        ("text", "binary\x01junk", "control characters"),
        ("text", "word " * 50_000, "at most 200,000 are accepted"),
        ("url", "javascript:alert(1)", "Enter a full web address"),
        ("published_at", "yesterday", "Enter a valid date"),
    ],
)
def test_bad_paste_shows_the_form_with_its_error(client, researcher, field, value, message):
    client.force_login(researcher)
    data = {"title": "T", "text": ARTICLE, "threshold": "0.5", "preview": "1", field: value}
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 200
    assert message in response.text
    assert not Source.objects.exists()


def test_ten_megabyte_paste_is_refused_not_a_server_error(client, researcher):
    client.force_login(researcher)
    response = client.post(IMPORT_URL, {"title": "T", "text": "x" * 10_000_000})
    assert response.status_code == 400
    assert not Source.objects.exists()


def test_staff_without_claim_rights_cannot_import(client):
    client.force_login(UserFactory(username="intern"))
    assert client.get(IMPORT_URL).status_code == 403
    assert not Speaker.objects.exists()


# Russian intake

RUSSIAN_QUOTE = "«С начала месяца мы пропустили 700 вагонов», — заявил министр Серик Жумангарин."
RUSSIAN_ARTICLE = (
    "Казахстан ограничил транзит угля\n\n"
    "Власти Казахстана 20 июня заблокировали 1,7 тыс. вагонов российского угля. "
    f"{RUSSIAN_QUOTE} "
    "Я считаю, что соседям следует договориться."
)


def test_import_detects_a_russian_text_and_scores_it_by_the_russian_rules(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(RUSSIAN_ARTICLE, encoding="utf-8")
    call_command("import_article", str(path), "--title", "Уголь")
    source = Source.objects.get(title="Уголь")
    assert source.language == "ru"
    drafts = {claim.text: claim for claim in source.claims.all()}
    assert set(drafts) == {
        "Власти Казахстана 20 июня заблокировали 1,7 тыс. вагонов российского угля.",
        RUSSIAN_QUOTE,
    }
    assert drafts[RUSSIAN_QUOTE].speaker.name == "Серик Жумангарин"
    assert "language ru" in capsys.readouterr().err


def test_dry_run_in_json_names_the_language(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(RUSSIAN_ARTICLE, encoding="utf-8")
    call_command("import_article", str(path), "--title", "Уголь", "--dry-run", "--format", "json")
    assert json.loads(capsys.readouterr().out)["language"] == "ru"


def test_english_text_is_recorded_as_english():
    import_seed()
    assert Source.objects.get(title="Seed").language == "en"


def test_desk_import_of_a_russian_paste_records_its_language(client, researcher):
    client.force_login(researcher)
    data = {"title": "Уголь", "text": RUSSIAN_ARTICLE, "threshold": "0.5", "preview": "1"}
    response = client.post(IMPORT_URL, data)
    keep = ticked(response.text)
    assert len(keep) == 2
    fingerprint = response.context["fingerprint"]
    client.post(IMPORT_URL, {**data, "create": "1", "keep": keep, "fingerprint": fingerprint})
    source = Source.objects.get(title="Уголь")
    assert source.language == "ru"
    assert source.claims.count() == 2
