# ruff: noqa: RUF001 (typographic dashes and quotes are the test data)
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.intake.extraction import (
    candidates,
    evaluate,
    extract,
    guess_speaker,
    score_sentence,
    split_sentences,
)

SEED = (Path(__file__).parents[1] / "claims" / "demo" / "article.txt").read_text()


def sentences(text):
    return [s.text for s in split_sentences(text)]


def test_glued_sentences_are_split():
    found = sentences(SEED)
    assert "Elite units are broken, advanced weapons are destroyed, which means that Moscow " \
        "will not be able to attack Kazakhstan." in found  # fmt: skip
    assert "Tokayev told the truth to Putin's face" in found


def test_every_sentence_keeps_its_offsets_in_the_source():
    for sentence in split_sentences(SEED):
        assert SEED[sentence.start : sentence.end] == sentence.text


def test_abbreviations_and_initials_do_not_end_sentences():
    text = (
        "Dr. Amara Nwosu met J. R. Whitaker in St. Petersburg on Sept. 1 at the U.S. embassy. "
        "Prof. Martin K. Adeyemi disagreed."
    )
    assert sentences(text) == [
        "Dr. Amara Nwosu met J. R. Whitaker in St. Petersburg on Sept. 1 at the U.S. embassy.",
        "Prof. Martin K. Adeyemi disagreed.",
    ]


def test_acronym_at_the_end_of_a_sentence_still_ends_it():
    assert sentences("Troops left the U.S. The base closed.") == [
        "Troops left the U.S.",
        "The base closed.",
    ]


def test_decimals_and_thousands_stay_whole():
    text = "Wind produced 31.5 percent. It employed 1,850 workers and cost $2.1 billion."
    assert sentences(text) == [
        "Wind produced 31.5 percent.",
        "It employed 1,850 workers and cost $2.1 billion.",
    ]


def test_quotation_closing_after_the_full_stop_stays_with_its_sentence():
    text = "“We inherited a deficit. Nobody wanted cuts,” she said. Not everyone agreed."
    assert sentences(text) == [
        "“We inherited a deficit.",
        "Nobody wanted cuts,” she said.",
        "Not everyone agreed.",
    ]


def test_question_inside_a_quotation_does_not_split_before_its_attribution():
    assert sentences('"What am I supposed to do now — walk?" she asked. Riders left.') == [
        '"What am I supposed to do now — walk?" she asked.',
        "Riders left.",
    ]


def test_headlines_and_paragraphs_end_at_line_breaks_but_wrapped_lines_join():
    text = "Council passes budget\n\nThe council approved the\nbudget on Tuesday. It cut routes."
    assert sentences(text) == [
        "Council passes budget",
        "The council approved the\nbudget on Tuesday.",
        "It cut routes.",
    ]


def test_dash_led_sentence_is_its_own_sentence():
    assert sentences("Analysts say so. – Tokayev's demarche is an open spit.") == [
        "Analysts say so.",
        "– Tokayev's demarche is an open spit.",
    ]


def test_figures_score_higher_than_opinion_and_say_why():
    fact, opinion = candidates(
        "The authorities decided to block 1,700 wagons of Russian coal on June 20. "
        "I think we should perhaps be more patient with our neighbours."
    )
    assert fact.score >= 0.5 > opinion.score
    assert {"number", "date", "official action", "named entity"} <= set(fact.features)
    assert {"opinion marker", "first person"} <= set(opinion.features)


def test_rhetorical_question_and_headline_are_not_proposed():
    found = extract("What caused the economic war between the two countries?\nExpert's opinion\n")
    assert found == []


def test_speaker_is_guessed_from_reported_speech():
    assert guess_speaker("“It will be chaos,” Tokayev said.") == "Tokayev"
    assert guess_speaker("Moldovan President Maia Sandu said the government waits.") == (
        "Maia Sandu"
    )
    assert guess_speaker("The union is right, said Dr. Helen Park, a former chief.") == (
        "Helen Park"
    )
    assert guess_speaker("According to the Millbrook Transit Authority, 14 routes ran.") == (
        "Millbrook Transit Authority"
    )
    assert guess_speaker(
        "Dr. Amara Nwosu, an economist at the University of Eastfield, said it was wrong."
    ) == ("Amara Nwosu")
    assert guess_speaker("According to Foreign Policy magazine, experts agree.") == (
        "Foreign Policy"
    )
    assert guess_speaker("The plan cuts 14 routes.") == ""
    assert guess_speaker("People told us it couldn't be done.") == ""


def test_quotation_over_several_sentences_is_attributed_to_its_speaker():
    first, second = candidates(
        "“Instead of 193 states, more than 500 will arise. Of course, it will be chaos,” "
        "Tokayev said."
    )
    assert first.speaker_guess == second.speaker_guess == "Tokayev"


@pytest.mark.parametrize(
    "hostile",
    ["A " * 100_000, "Foo Bar " * 25_000, "1,2" * 60_000, "“" * 200_000, "\n" * 100_000],
)
def test_hostile_text_is_handled_without_error(hostile):
    for candidate in candidates(hostile):
        assert 0 <= candidate.score <= 1


@pytest.mark.parametrize("labels", sorted((Path(__file__).parent / "data").glob("*.json")))
def test_labelled_claims_exist_verbatim_in_their_texts(labels):
    data = json.loads(labels.read_text())
    text = (labels.parent / data["text"]).read_text()
    for quote in data["checkable"] + data["not_checkable"]:
        assert quote in text


def test_seed_article_reaches_the_extraction_targets():
    labels = json.loads((Path(__file__).parent / "data" / "seed_article.json").read_text())
    spans = [(SEED.index(q), SEED.index(q) + len(q)) for q in labels["checkable"]]
    result = evaluate(SEED, spans)
    assert result["recall"] >= 0.9
    assert result["precision"] >= 0.7


def test_eval_extraction_reports_precision_and_recall_per_text(capsys):
    call_command("eval_extraction")
    out = capsys.readouterr().out
    assert "seed_article.json" in out
    assert "energy_speech.json" in out
    assert "(unseen)" in out
    assert out.count("precision") == out.count("recall") >= 2


def test_stage_direction_in_a_transcript_is_not_glued_to_the_claim():
    text = "That's more than both towns combined. [APPLAUSE] People doubted us."
    assert sentences(text) == [
        "That's more than both towns combined.",
        "[APPLAUSE]",
        "People doubted us.",
    ]


@pytest.mark.parametrize(
    "claim",
    [
        "No other airport in Europe has handled more passengers this winter.",
        "Unemployment has fallen faster here than in any other region.",
    ],
)
def test_comparison_without_figures_is_proposed(claim):
    score, features = score_sentence(claim)
    assert score >= 0.5
    assert "strong comparison" in features


def test_superlative_in_an_opinion_is_not_proposed():
    score, _ = score_sentence("I think our team is the greatest in the world.")
    assert score < 0.5
