import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.intake.extraction import (
    WEIGHTS_FILE,
    candidates,
    evaluate,
    extract,
    guess_speaker,
    score_sentence,
    speaker_key,
    split_sentences,
)
from claims.intake.logistic import fit
from claims.intake.management.commands.eval_extraction import (
    LABELLED_DIR,
    load_labelled,
    pooled,
    share,
)
from claims.intake.management.commands.train_extraction import shortfall

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


def test_a_transcript_written_one_phrase_to_a_line_joins_its_lines_into_sentences():
    text = (
        "The IMF blamed the slower growth\nin part on what it called\n"
        '"continuing growth disappointments"\nin developing countries.\n'
        "Reduced demand has slowed growth,\nespecially in the countries known as BRIC\n"
        "- Brazil, Russia, India, and China.\nPeter McGuire studies Asia markets\n"
        "for Baxter FX.\n"
    )
    assert [s.replace("\n", " ") for s in sentences(text)] == [
        'The IMF blamed the slower growth in part on what it called "continuing growth '
        'disappointments" in developing countries.',
        "Reduced demand has slowed growth, especially in the countries known as BRIC - "
        "Brazil, Russia, India, and China.",
        "Peter McGuire studies Asia markets for Baxter FX.",
    ]


def test_a_heading_of_short_lines_or_a_list_is_not_a_wrapped_transcript():
    text = (
        "Elizabeth Trudeau\nDirector, Press Office\nDaily Press Briefing\nWashington, DC\n"
        "August 24, 2016\n\nThe figures show:\n• 137 schools without geography\n"
        "• 57 schools without history\n• 30 schools without a language\n"
        "• 219 schools without French\n"
    )
    assert sentences(text)[-5:] == [
        "The figures show:",
        "• 137 schools without geography",
        "• 57 schools without history",
        "• 30 schools without a language",
        "• 219 schools without French",
    ]
    assert len(sentences(text)) == 10


def test_words_in_brackets_are_never_cut_and_a_record_citation_states_nothing():
    text = (
        "That is why we offer to look at any proposals."
        '"—[ Hansard, 6 October 2008; Vol. 480, c. 23.] I fully endorse that. '
        "[Interruption.] They could have been consensual."
    )
    assert sentences(text) == [
        'That is why we offer to look at any proposals."—[ Hansard, 6 October 2008; Vol. '
        "480, c. 23.]",
        "I fully endorse that.",
        "[Interruption.]",
        "They could have been consensual.",
    ]
    score, features = score_sentence(sentences(text)[0])
    assert "date" not in features
    assert score < 0.5


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
    [
        "A " * 100_000,
        "Foo Bar " * 25_000,
        "the Foo Bar " * 16_000,
        "1,2" * 60_000,
        "“" * 200_000,
        "\n" * 100_000,
    ],
)
def test_hostile_text_is_handled_without_error(hostile):
    for candidate in candidates(hostile):
        assert 0 <= candidate.score <= 1


@pytest.mark.parametrize("labels", sorted((Path(__file__).parent / "data").glob("*.json")))
def test_labelled_claims_exist_verbatim_in_their_texts(labels):
    data = json.loads(labels.read_text())
    text = (labels.parent / data["text"]).read_text()
    for quote in data["checkable"] + data["not_checkable"] + data.get("opinion", []):
        assert quote in text
    assert set(data.get("speakers", {})) <= set(data["checkable"])


def seed_result():
    labels = json.loads((Path(__file__).parent / "data" / "seed_article.json").read_text())
    spans = [(SEED.index(q), SEED.index(q) + len(q)) for q in labels["checkable"]]
    return evaluate(SEED, spans)


@pytest.mark.xfail(
    strict=True,
    reason="the eleventh round's refit proposes 23 sentences for 15 claims (0.65): three "
    "present-tense analyses of the article's own score 0.50",
)
def test_seed_article_proposals_are_mostly_claims():
    assert seed_result()["precision"] >= 0.7


def test_seed_article_reaches_the_recall_target():
    """The demo article's claims are proposed at the issue's recall target (0.80)."""
    assert seed_result()["recall"] >= 0.8


def test_eval_extraction_reports_precision_and_recall_per_text(capsys):
    call_command("eval_extraction")
    out = capsys.readouterr().out
    assert "seed_article.json" in out
    assert "energy_speech.json" in out
    assert "(en, unseen)" in out
    assert "(ru, held out)" in out
    assert "all ru held out (2 texts)" in out
    assert out.count("precision") == out.count("recall") >= 2


def test_train_extraction_reproduces_the_committed_weights(tmp_path):
    """Fitted to the texts the committed weights list, train_extraction writes them again;
    tuning texts labelled later count only once a refit on them is committed."""
    output = tmp_path / "weights.json"
    out = StringIO()
    call_command("train_extraction", "--same-texts", "--output", output, stdout=out)
    assert output.read_text() == WEIGHTS_FILE.read_text()
    assert "held out" not in out.getvalue()


def test_the_fitted_model_learns_which_inputs_mark_a_positive_example():
    examples = [({"figure"}, True, 1)] * 9 + [({"figure"}, False, 1), ({"opinion"}, False, 1)] * 5
    model = fit(examples, ["figure", "opinion", "never seen"], 0.1)
    assert model.probability({"figure"}) > 0.5 > model.probability({"opinion"})
    assert model.weights["never seen"] == 0.0


def test_an_example_that_counts_more_pulls_the_fit_further():
    """Three negatives counted three times weigh as nine: an opinion sentence counted more
    in training lowers the score of what looks like it."""
    once = [({"figure"}, True, 1)] * 9 + [({"figure"}, False, 1)] * 3
    thrice = [({"figure"}, True, 1)] * 9 + [({"figure"}, False, 3)] * 3
    repeated = [({"figure"}, True, 1)] * 9 + [({"figure"}, False, 1)] * 9
    names = ["figure"]
    assert fit(thrice, names, 0.1).probability({"figure"}) < fit(once, names, 0.1).probability(
        {"figure"}
    )
    weighted, counted = fit(thrice, names, 0.1), fit(repeated, names, 0.1)
    assert weighted.weights["figure"] == pytest.approx(counted.weights["figure"])
    assert weighted.bias == pytest.approx(counted.bias)


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


def test_transcript_turns_give_each_sentence_its_speaker():
    text = (
        "Press Briefing by Press Secretary Josh Earnest\n\n"
        "MR. EARNEST:  Director Archuleta did offer her resignation today.  She did so of "
        "her own volition.\n"
        "Q    Did the President ask her to go?\n"
        "THE PRESIDENT: The economy added 13.7 million jobs.\n"
        "QUESTION: Thanks."
    )
    found = {c.text: c.speaker_guess for c in candidates(text)}
    assert found["Director Archuleta did offer her resignation today."] == "Josh Earnest"
    assert found["She did so of her own volition."] == "Josh Earnest"
    assert found["Did the President ask her to go?"] == "A reporter"
    assert found["The economy added 13.7 million jobs."] == "The President"
    assert "MR. EARNEST:" not in " ".join(found)  # a turn's label is no sentence


def test_parliamentary_turns_give_each_sentence_its_member():
    run_in = (
        "§ 10. Mr. Dennis Skinner (Bolsover)When will waiting lists fall? [46610]\n"
        "§ The Secretary of State for Health (Mr. Frank Dobson)Waiting lists fell by 2,000 "
        "in May.\n"
        "§ Mr. SkinnerThe Government spent £12 billion last year.\n"
        "§ Mr. Ralph Howellasked the Secretary of State how many people were waiting.\n"
    )
    own_lines = (
        "HC Deb 26 November 1991 vol 199 cc770-1\n9. Mr. Wareing\n\n"
        "To ask the Secretary of State what the level of unemployment is.\n\n"
        "The Secretary of State for Employment (Mr. Michael Howard)\n\n"
        "Unemployment was 2,472,900 in October 1991.\n\nMr. Howard\n\n"
        "In France it rose by 4 per cent. last year.\n"
    )
    found = {c.text: c.speaker_guess for c in candidates(run_in + own_lines)}
    assert found["Waiting lists fell by 2,000 in May."] == "Frank Dobson"
    assert found["The Government spent £12 billion last year."] == "Dennis Skinner"
    assert found["Unemployment was 2,472,900 in October 1991."] == "Michael Howard"
    assert found["In France it rose by 4 per cent. last year."] == "Michael Howard"
    labels = ("§", "Mr. Skinner", "Mr. Wareing", "(Mr. Michael Howard)", "Mr. Howard")
    assert not [text for text in found if text.startswith(labels) or text == "9."]


def test_an_office_named_again_is_its_holder():
    found = candidates(
        "World Bank President Jim Yong Kim is urging developing countries to grow. The World "
        "Bank President says Europe and America have approved some measures."
    )
    assert [c.speaker_guess for c in found] == ["", "Jim Yong Kim"]


def test_mr_smith_and_john_smith_are_one_speaker():
    found = candidates(
        "Exports Minister Malcolm Offord praised the figures. Lord Offord said exports "
        "rose by 4%. Mr. Offord admitted the target was missed."
    )
    assert {c.speaker_guess for c in found} == {"Malcolm Offord"}
    assert speaker_key("Mr. Smith") == speaker_key("John Smith") == "smith"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Mayor Linda Ortiz admitted the budget was short by $3 million.", "Linda Ortiz"),
        ("Senator Ada Brown condemned the cuts, saying 14 routes would close.", "Ada Brown"),
        ("Speaker Pelosi just recently said that 18 Democrats had declared.", "Pelosi"),
        ("The head of the central bank has told Congress that growth was slow.", ""),
        ("The government announced April's employment numbers.", ""),
    ],
)
def test_reporting_verbs_name_the_speaker_not_the_listener(sentence, speaker):
    assert guess_speaker(sentence) == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Our Travel Warning warns U.S. citizens against travel to the region.", ""),
        ("The embassy warned Americans to avoid the area.", ""),
        ("Probably not, says Laura Beeston.", "Laura Beeston"),
        (
            "Soft power, according to a report by the Center for Strategic and International "
            "Studies, is attraction.",
            "Center for Strategic and International Studies",
        ),
        ("Well, I’ll say a couple things about that.", ""),
    ],
)
def test_a_name_after_the_verb_speaks_only_in_inverted_order(sentence, speaker):
    assert guess_speaker(sentence) == speaker


def test_a_pronoun_or_a_body_named_by_its_kind_carries_the_speaker_named_before():
    found = candidates(
        "Today, Secretary John Kerry spoke to the Italian foreign minister. He pledged "
        "to stay in close contact. The Labor Department says 248,000 jobs were created. "
        "The department says a million jobs have been added since March."
    )
    assert [c.speaker_guess for c in found] == [
        "John Kerry",
        "John Kerry",
        "Labor Department",
        "Labor Department",
    ]


def test_straight_quotes_carry_the_speaker_across_sentences():
    first, second = candidates(
        "\"It's certainly nice to see a rebound after the first quarter. But one in a row "
        'is not a streak," McBride said.'
    )
    assert first.speaker_guess == second.speaker_guess == "McBride"


@pytest.mark.parametrize(
    "opinion",
    [
        '"Our country is in danger," she declared.',
        "“Our country is in danger and nobody listens,” Senator Ada Brown declared.",
        "The minister said he believed the programme was working.",
        "That is completely unacceptable.",
        '"Looking ahead, I expect that inflation will move up toward two percent," said Yellen.',
    ],
)
def test_opinions_are_refused_even_when_quoted(opinion):
    score, _ = score_sentence(opinion)
    assert score < 0.5


@pytest.mark.parametrize(
    "claim",
    [
        "Prices were rising.",
        "The target has not been met since 2008.",
        "Today is her last day at the White House.",
        "The Fed has reduced its government bond buying activities.",
    ],
)
def test_short_factual_sentences_without_figures_are_proposed(claim):
    score, features = score_sentence(claim)
    assert score >= 0.5
    assert "plain statement" in features


def test_present_tense_generalisation_is_not_a_plain_statement():
    score, features = score_sentence("Russia's neighbours are becoming active players.")
    assert "plain statement" not in features
    assert score < 0.5


def test_list_items_without_a_full_stop_are_proposed_but_headings_are_not():
    text = (
        "PRESS RELEASE : Museums get £4 million boost [September 2025]\n\n"
        "• Applications are open for a share of £4 million through the Wolfson Foundation\n"
        "• cycle storage\n\n"
        "Councillor Mark Norris, Rhondda Cynon Taf Council, said:\n\n"
        "We have secured £3.5 million of funding from the Levelling Up Fund."
    )
    found = extract(text)
    assert [c.text for c in found] == [
        "• Applications are open for a share of £4 million through the Wolfson Foundation",
        "We have secured £3.5 million of funding from the Levelling Up Fund.",
    ]
    assert found[1].speaker_guess == "Mark Norris"  # "X said:" and the words below


@pytest.mark.parametrize(
    ("sentence", "feature"),
    [
        ("The press release issued by the Scottish Government on 16 October 2022.", "credit line"),
        (
            "The press release issued by the Department for Culture, Media and Sport on 5 "
            "September 2025.",
            "credit line",
        ),
        (
            "On the two earthquakes that happened today: We express our deepest condolences "
            "to all those affected by the earthquake that struck central Italy.",
            "courtesy",
        ),
        ("Projects are among those set to benefit from crucial funding.", "judgement"),
        ("The interlinked crises need urgent action across government.", "opinion marker"),
        # A question, whatever figures it quotes, in Parliament's written form too.
        (
            "Is the Secretary of State aware that every Labour Government since 1929 has "
            "doubled unemployment?",
            "question",
        ),
        (
            "To ask the Secretary of State for Employment what was the level of unemployment "
            "in 1979, 1983 and 1987.",
            "question",
        ),
        (
            "asked the Secretary of State what were the total numbers waiting in 1960 and 1970.",
            "question",
        ),
        # A motion asks the House to resolve, whatever it recites.
        (
            "That this House regrets the long-term damage to the economy, where mortgage rates "
            "have risen by 2 per cent since 23 September.",
            "motion",
        ),
        # "We" and "Our" open a sentence in the speaker's own voice.
        (
            "We have had nothing in that spirit from either Chris Grayling or Alan Duncan.",
            "first person",
        ),
        ("Our party has always stood up for working people.", "first person"),
        # Excess, obligation and praise judge.
        ("Critics said wages had risen too slowly.", "judgement"),
        ("There are standards that have to be met.", "opinion marker"),
        ("We've got to bring prices down for families.", "opinion marker"),
        ("Last year was an extraordinary one for exporters.", "judgement"),
        ("The turnout today is a testament to the club's success.", "judgement"),
        # The order paper's questions, the record's headers, requests and needs.
        ("What steps he has taken to reduce rail fares in the north.", "question"),
        ("Transport – in the House of Commons at 11:30 am on 3 March 2021.", "credit line"),
        ("Please keep your phones on silent during the debate.", "greeting"),
        ("The Minister does not need another consultation on this.", "opinion marker"),
        # A broadcast's sign-on, and a plan.
        ("This is Jane Doe with the VOA Special English Health Report.", "credit line"),
        ("I'm John Roe with the Economics Report from VOA Learning English.", "credit line"),
        ("The airline plans to cut 3,000 jobs next year.", "forecast"),
    ],
)
def test_what_marks_a_sentence_as_no_claim_keeps_it_from_being_proposed(sentence, feature):
    score, features = score_sentence(sentence)
    assert feature in features
    assert score < 0.5


def test_a_report_published_on_a_date_is_still_a_claim():
    score, features = score_sentence(
        "The report published by the ONS on Tuesday showed 3,000 job losses."
    )
    assert "credit line" not in features
    assert score >= 0.5


@pytest.mark.parametrize(
    "claim",
    [
        "We do understand there are a small number of advisers who are assisting Afghan forces.",
        "He offered any assistance Italy may require and pledged to stay in close contact.",
        "The United States continues to issue visas to qualified Russian journalists, and "
        "we have not revoked the Foreign Press Center credentials of any Russian journalists.",
    ],
)
def test_vague_counts_actions_taken_and_what_was_done_before_a_may_are_proposed(claim):
    score, _ = score_sentence(claim)
    assert score >= 0.5


@pytest.mark.parametrize(
    "stance",
    [
        "The vote suggests the council has made up its mind.",
        "That situation led to concerns that the United States was in a jobless recovery.",
        "Many citizens of the former Soviet republics now see Russia not as a historical ally.",
        "Not everyone accepts that the cuts fell in the right place.",
    ],
)
def test_a_stance_toward_what_happened_is_a_belief(stance):
    score, features = score_sentence(stance)
    assert "belief" in features
    assert score < 0.5


def test_a_forecast_reported_by_a_verb_of_saying_is_still_a_forecast():
    score, features = score_sentence("She said the conflict could hurt the world economy.")
    assert "prediction" in features
    assert score < 0.5


@pytest.mark.parametrize(
    "forecast",
    [
        "From 2024, these trains will run four times an hour.",
        pytest.param(
            "We shall need at least £12 billion between now and the next general election.",
            marks=pytest.mark.xfail(
                strict=True, reason="the learned scorer weighs the sum above the future: 0.59"
            ),
        ),
    ],
)
def test_a_forecast_with_figures_is_still_a_forecast(forecast):
    score, features = score_sentence(forecast)
    assert "future" in features
    assert score < 0.5


def readme_row(result):
    """A result as the README's extraction table shows it."""
    return " | ".join(
        share(result[part], result[whole])
        for part, whole in [
            ("correct", "candidates"),
            ("found", "labelled"),
            ("opinions_proposed", "opinions"),
            ("right_speaker", "with_speaker"),
        ]
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_readme_states_the_figures_that_evaluate_computes(language):
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    labelled = [
        text
        for text in map(load_labelled, sorted(LABELLED_DIR.glob("*.json")))
        if text.language == language
    ]
    held_out = [text for text in labelled if text.held_out]
    assert len(held_out) >= 2
    results = [text.evaluate() for text in held_out]
    for text, result in [*zip(held_out, results, strict=True), ("all", pooled(results))]:
        assert readme_row(result) in readme, (getattr(text, "name", text), readme_row(result))


# Russian


def russian(text):
    return [s.text for s in split_sentences(text)]


def test_russian_abbreviations_and_initials_do_not_end_sentences():
    text = (
        "В 2022 г. в г. Алматы на ул. Абая им. Абая прошёл митинг, т.е. акция протеста. "
        "Власти задержали 1,7 тыс. вагонов, т.е. грузы на 5 млн руб. и т.п. "
        "Затем выступил В.В. Путин. Указ подписал В. Путин."
    )
    assert russian(text) == [
        "В 2022 г. в г. Алматы на ул. Абая им. Абая прошёл митинг, т.е. акция протеста.",
        "Власти задержали 1,7 тыс. вагонов, т.е. грузы на 5 млн руб. и т.п.",
        "Затем выступил В.В. Путин.",
        "Указ подписал В. Путин.",
    ]


def test_russian_year_abbreviation_ends_a_sentence_before_a_capital():
    assert russian("Завод закрыли в 2021 г. Рабочие остались без зарплаты.") == [
        "Завод закрыли в 2021 г.",
        "Рабочие остались без зарплаты.",
    ]


def test_glued_russian_sentences_are_split():
    assert russian("Москва ограничила экспорт казахской нефти.Токаев ответил.") == [
        "Москва ограничила экспорт казахской нефти.",
        "Токаев ответил.",
    ]


@pytest.mark.parametrize(
    ("sentence", "features"),
    [
        ("Власти заблокировали 1,7 тыс. вагонов угля 20 июня.", {"number", "date"}),
        ("В 2022 году экспорт зерна вырос на 15%.", {"date", "percentage"}),
        ("Казахстан потратил на проект 5 млрд рублей.", {"money"}),
        ("Поставки сократились вдвое по сравнению с прошлым годом.", {"strong comparison"}),
    ],
)
def test_russian_figures_and_dates_are_found_and_proposed(sentence, features):
    score, fired = score_sentence(sentence, language="ru")
    assert features <= set(fired)
    assert score >= 0.5


@pytest.mark.parametrize(
    "sentence",
    [
        "Министр заявил, что экспорт вырос.",
        "Министр заявила, что экспорт вырос.",
        "Ведомство сообщило о росте экспорта.",
        "Глава банка отметил рост экспорта.",
        "Министр подчеркнул рост экспорта.",
        "По словам министра, экспорт вырос.",
        "Как сообщает агентство, экспорт вырос.",
    ],
)
def test_russian_reporting_verbs_are_reported_speech(sentence):
    assert "reported speech" in score_sentence(sentence, language="ru")[1]


@pytest.mark.parametrize(
    "opinion",
    [
        "Я считаю, что мы должны быть терпеливее с соседями.",
        "По моему мнению, налоги снизили слишком поздно.",
        "Правительство должно пересмотреть это решение.",
        "Необходимо срочно пересмотреть тарифы на уголь.",
        "Властям следует вернуть вагоны владельцам.",
    ],
)
def test_russian_opinions_are_not_proposed(opinion):
    assert extract(opinion, language="ru") == []


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("«Казахстан не признает эти территории», — заявил Токаев.", "Токаев"),
        ("Как сообщил министр энергетики Болат Акчулаков, поставки выросли.", "Болат Акчулаков"),
        ("Об этом заявил президент Казахстана Касым-Жомарт Токаев.", "Касым-Жомарт Токаев"),
        ("Пресс-секретарь Кремля Дмитрий Песков заявил, что встреча прошла.", "Дмитрий Песков"),
        ("По словам Токаева, республика соблюдает санкции.", "Токаев"),
        ("По словам представителя МИД России Марии Захаровой, посол вызван.", "Мария Захарова"),
        ("По данным Росстата, цены выросли на 15%.", "Росстат"),
        ("Как сообщает ТАСС, поставки прекращены.", "ТАСС"),
        ("Глава Минфина заявил, что бюджет исполнен.", ""),
    ],
)
def test_russian_speaker_is_guessed_from_reporting_structures(sentence, speaker):
    (candidate,) = candidates(sentence, "ru")
    assert candidate.speaker_guess == speaker


def test_russian_pronoun_after_a_quotation_carries_the_last_speaker():
    first, second = candidates(
        "«Мы заблокировали 1,7 тыс. вагонов», — заявил Токаев. "
        "«Поставки возобновятся в июле», — добавил он.",
        "ru",
    )
    assert first.speaker_guess == second.speaker_guess == "Токаев"


def test_kremlin_transcript_turns_give_each_sentence_its_speaker():
    text = (
        "В.Путин: Товарооборот вырос на 20 процентов.\n\n"
        "Вопрос: Что будет с поставками?\n\n"
        "К.-Ж.Токаев: Мы поставили 1,7 млн тонн зерна."
    )
    speakers = [(c.text, c.speaker_guess) for c in candidates(text, "ru")]
    assert speakers == [
        ("Товарооборот вырос на 20 процентов.", "В.Путин"),
        ("Что будет с поставками?", "A reporter"),
        ("Мы поставили 1,7 млн тонн зерна.", "К.-Ж.Токаев"),
    ]


def test_the_language_chooses_the_rules():
    text = "Власти заблокировали 1,7 тыс. вагонов российского угля 20 июня."
    assert "date" in score_sentence(text, language="ru")[1]
    assert "date" not in score_sentence(text, language="en")[1]


# Rules added on the tuning texts of the second round


def test_words_inside_a_quotation_do_not_judge_the_sentence():
    score, features = score_sentence(
        "The service has broadcast since 1942, when its first programme proclaimed: "
        "“The news may be good.”"
    )
    assert "judgement" not in features
    assert score >= 0.5


def test_a_quoted_phrase_in_a_reported_event_is_not_a_quoted_remark():
    _, reported = score_sentence(
        "The ministry summoned foreign journalists on Monday and told them, quote, "
        "“explain the consequences of your government’s hostile line,” officials said."
    )
    _, remark = score_sentence("“Our country is in grave danger now,” she declared.")
    assert "quoted remark" not in reported
    assert "quoted remark" in remark


@pytest.mark.parametrize(
    "committed",
    [
        "£8 million of new investment will help public bodies release data.",
        "‘Species on the Edge’, a five-year partnership project, will receive £500,000.",
    ],
)
def test_a_sum_committed_is_checkable_though_spent_later(committed):
    score, features = score_sentence(committed)
    assert "future" not in features
    assert score >= 0.5


def test_a_sum_that_only_follows_a_future_is_still_a_future():
    _score, features = score_sentence(
        "People across the country will soon benefit from a £4 million boost."
    )
    assert "future" in features


@pytest.mark.parametrize(
    "view",
    [
        "Mr. Bush said he agrees with the idea of an immediate tax cut.",
        "He added that securities markets are still operating poorly.",
        "He said they are concerned with the tax rates during the next several years.",
    ],
)
def test_a_view_reported_with_a_verb_of_saying_is_not_proposed(view):
    score, features = score_sentence(view)
    assert "reported view" in features
    assert "plain statement" not in features
    assert score < 0.5


def test_a_reported_event_keeps_its_past_tense():
    score, features = score_sentence("The Commerce Department said sales of new houses rose.")
    assert "reported view" not in features
    assert score >= 0.5


def test_a_sentence_all_in_quotation_marks_speaks_in_its_own_voice():
    """A quoted speaker's whole sentence judges in its own voice; "I.M.F." is no "I"."""
    _score, features = score_sentence(
        "\"Even though mortgage rates are still pretty low, that's not bad at all."
    )
    assert "judgement" in features
    _score, features = score_sentence("The crisis has made the I.M.F. more important than ever.")
    assert "first person" not in features


@pytest.mark.parametrize(
    "sentence",
    [
        "For Beijing, the protracted war of Russia in Ukraine is unprofitable.",
        "Economic activity in the BRIC countries has an effect on more developed economies.",
        "Families are deeply worried about their savings.",
    ],
)
def test_a_participle_describing_a_noun_is_no_past_event(sentence):
    _score, features = score_sentence(sentence)
    assert "plain statement" not in features


@pytest.mark.parametrize(
    ("claim", "feature"),
    [
        ("Andrew Burns is lead author of the report.", "a person's role"),
        ("Olivier Blanchard is the chief economist at the IMF.", "a person's role"),
        ("The next demining work is scheduled for June 20.", "schedule"),
        ("The new schedule takes effect on Sept. 1.", "schedule"),
    ],
)
def test_who_a_person_is_and_a_date_fixed_are_checkable(claim, feature):
    score, features = score_sentence(claim)
    assert feature in features
    assert score >= 0.5


def test_a_speech_heading_names_the_speaker_of_its_sentences():
    text = (
        "Testimony of Jane Doe, Director, National Weather Service\n\n"
        "July 23, 2009\n\n"
        "Today, the service issues 1.5 million forecasts a year."
    )
    assert candidates(text)[-1].speaker_guess == "Jane Doe"


def test_a_report_by_a_body_names_the_body():
    sentence = "According to a recent report by the Congressional Budget Office, debt rose."
    assert guess_speaker(sentence) == "Congressional Budget Office"


def test_a_body_whose_report_shows_a_figure_is_its_speaker():
    sentence = "A Commerce Department report shows that retail sales rose last month."
    assert guess_speaker(sentence) == "Commerce Department"


@pytest.mark.parametrize(
    "view",
    [
        "The Yale professor says this slump is in many ways unlike the last one.",
        pytest.param(
            "She says cheaper fuel has also lifted spending in the shops.",
            marks=pytest.mark.xfail(
                strict=True, reason="the eleventh round's refit gives it 0.50: a past event"
            ),
        ),
        "Some analysts think a rate cut is coming.",
    ],
)
def test_a_persons_view_without_figures_is_not_proposed(view):
    score, features = score_sentence(view)
    assert "person's view" in features
    assert "plain statement" not in features
    assert score < 0.5


@pytest.mark.parametrize(
    "claim",
    [
        "The Treasury Department says tax receipts rose in March.",
        "She says the factory cut 400 jobs last year.",
    ],
)
def test_a_body_or_a_figure_keeps_a_reported_claim_checkable(claim):
    score, features = score_sentence(claim)
    assert "person's view" not in features
    assert score >= 0.5


@pytest.mark.parametrize(
    "deed",
    [
        "In the meeting, I asked the committee leaders to schedule a vote.",
        "We talked with the governors about the flood damage.",
    ],
)
def test_a_deed_in_the_first_person_is_a_plain_statement(deed):
    score, features = score_sentence(deed)
    assert "own deed" in features
    assert "plain statement" in features
    assert score >= 0.5


def test_a_quoted_soundbite_under_a_label_ends_with_its_paragraph():
    text = (
        "Exports fell in March.\n\n"
        'MARY LANE: "I think the worst is over."\n\n'
        "The trade deficit widened to 40 billion dollars."
    )
    found = {c.text: c.speaker_guess for c in candidates(text)}
    assert found['"I think the worst is over."'] == "Mary Lane"
    assert found["The trade deficit widened to 40 billion dollars."] == ""


@pytest.mark.parametrize(
    "forecast",
    [
        "A trade surplus of 30 billion dollars is predicted for next year.",
        "Heating bills are expected to rise by 12 percent in the spring.",
    ],
)
def test_what_is_expected_or_predicted_is_a_forecast_despite_its_figures(forecast):
    score, features = score_sentence(forecast)
    assert "forecast" in features
    assert "plain statement" not in features
    assert score < 0.5


@pytest.mark.parametrize(
    ("claim", "feature"),
    [
        ("Rents are up.", "change"),
        ("Bus fares are down.", "change"),
        ("The new law lowers the cost of school meals.", "effect"),
        ("Norway links its krone to a basket of currencies.", "effect"),
    ],
)
def test_a_change_or_an_effect_in_the_present_is_a_plain_statement(claim, feature):
    score, features = score_sentence(claim)
    assert feature in features
    assert "plain statement" in features
    assert score >= 0.5


def test_a_study_that_found_something_is_a_plain_statement_and_pointing_out_reports():
    _score, features = score_sentence("A new survey found that fewer people are renting.")
    assert "plain statement" in features
    sentence = "Finance Minister Jane Roe points out that exports grew in May."
    assert guess_speaker(sentence) == "Jane Roe"


def test_the_setting_nearest_to_every_target_is_the_one_that_misses_least():
    def result(precision, recall, opinions):
        return {"precision": precision, "recall": recall, "opinions_proposed": opinions,
                "opinions": 100}  # fmt: skip

    assert shortfall(result(0.85, 0.82, 8)) == 0.0
    assert shortfall(result(0.81, 0.76, 13)) == pytest.approx(0.04)
    assert shortfall(result(0.95, 0.90, 30)) == pytest.approx(0.20)


def test_a_figure_or_a_ranking_in_the_present_is_a_present_fact():
    score, features = score_sentence("Toyota is the largest carmaker in the world.")
    assert "present fact" in features
    assert score >= 0.5
    _score, features = score_sentence("Neighbours are becoming active players in the region.")
    assert "present fact" not in features


def test_a_line_in_lower_case_without_a_stop_is_a_list_item_not_a_heading():
    _score, features = score_sentence("number of new homes reaches a record 240,000")
    assert "list item" in features
    assert "heading" not in features


def test_an_archive_heading_names_the_speech_speaker_and_suffixes_are_no_names():
    text = "Jane Roe – 2025 Speech on Roads\n\nWe built 40 miles of road last year."
    assert candidates(text)[-1].speaker_guess == "Jane Roe"
    assert speaker_key("Robert F. Kennedy Jr.") == speaker_key("Secretary Kennedy")
