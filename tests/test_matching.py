from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.matching import THRESHOLD, compare, find_matches, quantities
from claims.models import Claim
from tests.factories import ClaimFactory

COAL = "Kazakhstan decided to block 1,700 wagons with Russian coal on its territory."
COAL_RESTATED = "Some 1700 railway wagons carrying Russian coal were held up by Kazakhstan."
README = Path(__file__).resolve().parent.parent / "README.md"


def the_quantity(text):
    (quantity,) = quantities(text)
    return quantity


@pytest.mark.parametrize(
    ("written", "restated"),
    [
        ("1,700 wagons", "1700 railway wagons"),
        ("1,700 wagons", "1.7 thousand wagons"),
        ("1 700 wagons", "1700 wagons"),
        ("half a million people", "500,000 people"),
        ("2.5 million barrels", "two and a half million barrels"),
        ("forty thousand migrants", "40,000 people"),
        ("12.5 per cent", "12.5%"),
        ("a third of adults", "one in three adults"),
        ("20 million tonnes", "20m tons"),
        ("57 kilometres", "35.4 miles"),
        ("228 billion roubles", "228bn rubles"),
        ("£350m a week", "£18.2bn a year"),
        ("2.5 million barrels a day", "75 million barrels a month"),
    ],
)
def test_a_quantity_restated_otherwise_is_the_same(written, restated):
    assert the_quantity(written).same_as(the_quantity(restated))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("£350m a week", "£20bn a year"),
        ("£350m a week", "$350m a week"),
        ("1,700 wagons", "700 wagons"),
        ("12.5 per cent", "13.3 per cent"),
    ],
)
def test_other_amounts_of_the_same_thing_contradict_each_other(one, other):
    first, second = the_quantity(one), the_quantity(other)
    assert not first.same_as(second)
    assert first.comparable(second) == (first.unit == second.unit)


def test_the_same_number_of_other_things_is_not_the_same_quantity():
    wagons, tonnes = the_quantity("1,700 wagons"), the_quantity("1,700 tonnes")
    assert not wagons.same_as(tonnes)
    assert not wagons.comparable(tonnes)


def test_money_is_read_with_its_currency_and_period():
    quantity = the_quantity("Leaving the EU would free up £350 million a week for the NHS.")
    assert (quantity.kind, quantity.value, quantity.unit, quantity.period) == (
        "money",
        350e6,
        "GBP",
        "week",
    )
    assert quantity.text == "£350 million a week"


def test_years_dates_ordinals_and_lengths_are_not_read_as_amounts():
    (year,) = quantities("Tokayev refused on May 9 and again on June 8th, in 2022.")
    assert (year.kind, year.value) == ("year", 2022)
    assert quantities("She won the 100m final.")[0].value == 100
    assert quantities("One of the largest rivers.") == []


def test_the_coal_claim_restated_matches_and_says_it_shares_the_quantity():
    result = compare(COAL_RESTATED, COAL)
    assert result.score >= THRESHOLD
    assert "same quantity: 1,700 wagons = 1700 railway wagons" in result.why
    assert "same names: Kazakhstan, Russian" in result.why
    assert result.why[-1].startswith("trigram similarity 0.")


def test_a_sentence_with_the_same_names_and_other_figures_does_not_match():
    near_miss = "Kazakhstan decided to block 700 wagons with Russian coal on its territory."
    result = compare(near_miss, COAL)
    assert result.score < THRESHOLD
    assert "other figure: 700 wagons, not 1,700 wagons" in result.why


def test_rates_over_other_periods_match():
    result = compare(
        "Brexit campaigners said Britain would have an extra £18.2bn a year for the NHS.",
        "Leaving the EU would free up £350 million a week for the NHS.",
    )
    assert result.score >= THRESHOLD
    assert "same quantity: £350 million a week = £18.2bn a year" in result.why


def test_an_unrelated_sentence_does_not_match():
    result = compare("The council approved a new cycle lane on the high street.", COAL)
    assert result.score < THRESHOLD
    assert "same names" not in " ".join(result.why)


@pytest.mark.django_db
def test_only_published_checks_match_best_first_with_reasons():
    exact = ClaimFactory(published=True, text=COAL)
    restated = ClaimFactory(published=True, text=COAL_RESTATED)
    ClaimFactory(text=COAL)  # a draft
    ClaimFactory(published=True, status="retracted", text=COAL)
    ClaimFactory(published=True, text="Kazakhstan renamed its export oil.")
    matches = find_matches(Claim.objects.all(), "Kazakhstan blocked 1.7 thousand coal wagons.")
    assert {match.claim for match in matches} == {exact, restated}
    assert matches[0].score >= matches[1].score >= THRESHOLD
    why = {match.claim: match.why for match in matches}
    assert "same quantity: 1,700 wagons = 1.7 thousand coal wagons" in why[exact]


@pytest.mark.django_db
def test_a_check_matches_through_its_claim_as_reviewed():
    check = ClaimFactory(
        published=True,
        text="Kazakhstan is said to be stopping Russian freight.",
        claim_reviewed=COAL,
    )
    (match,) = find_matches(Claim.objects.all(), COAL_RESTATED)
    assert match.claim == check
    assert "same quantity: 1,700 wagons = 1700 railway wagons" in match.why


@pytest.mark.django_db
def test_matching_takes_two_queries_whatever_the_number_of_checks(django_assert_num_queries):
    ClaimFactory.create_batch(30, published=True, text=COAL)
    with django_assert_num_queries(2):
        matches = find_matches(Claim.objects.all(), COAL_RESTATED)
    assert len(matches) == 5


def test_eval_matching_reports_the_figures_the_readme_states(capsys):
    call_command("eval_matching")
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert len(rows) == 6  # a header, its rule, matcher and trigram for each part
    readme = README.read_text(encoding="utf-8")
    for row in rows:
        assert row in readme


def test_eval_matching_lists_its_errors_with_their_reasons(capsys):
    call_command("eval_matching", verbosity=2)
    out = capsys.readouterr().out
    assert "trigram only, similarity ≥ 0.30: wrong (near miss" in out
    assert "why:      " in out


@pytest.mark.parametrize("content", [None, "not json", '{"pairs": [{"check": "x"}]}', "[1]"])
def test_eval_matching_refuses_a_missing_or_malformed_file(tmp_path, content):
    path = tmp_path / "pairs.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandError, match="Cannot read labelled pairs"):
        call_command("eval_matching", pairs=path)
