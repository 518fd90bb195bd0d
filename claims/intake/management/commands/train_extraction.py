"""Train the learned extraction scorer on the English tuning texts and save its weights."""

import json
import math
from itertools import product
from pathlib import Path

from django.core.management.base import BaseCommand

from claims.intake.articles import DEFAULT_THRESHOLD
from claims.intake.extraction import (
    MODEL_INPUTS,
    WEIGHTS_FILE,
    capped,
    evaluate_proposed,
    matched_claim,
    model_inputs,
    names_in,
    sentence_features,
    split_sentences,
)
from claims.intake.logistic import fit
from claims.intake.management.commands.eval_extraction import (
    LABELLED_DIR,
    load_labelled,
    pooled,
    share,
)

# The penalties and thresholds that cross-validation chooses among.
PENALTIES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * step, 2) for step in range(13))  # 0.2 .. 0.8
# How much a labelled opinion sentence counts in training, against 1 for any other
# sentence: proposing one costs more than missing a claim.
OPINION_WEIGHTS = (1, 2, 4)
# The targets: precision and recall of at least 0.80, and at most this share of
# labelled opinion sentences proposed.
MIN_PRECISION = MIN_RECALL = 0.80
MAX_OPINIONS_PROPOSED = 0.10


def tuning_texts():
    """The English labelled texts the extractor is tuned on, never the held-out ones."""
    texts = [load_labelled(path) for path in sorted(LABELLED_DIR.glob("*.json"))]
    return [t for t in texts if t.tuned_on and not t.held_out and t.language == "en"]


def examples_of(labelled):
    """(sentence, inputs, label, opinion) for each sentence of a labelled text: positive
    when proposing it would rightly propose a labelled claim; an opinion when proposing it
    would propose a labelled opinion."""
    sentences = split_sentences(labelled.text)
    known_names = names_in(sentences)
    examples = []
    for sentence in sentences:
        fired, entities = sentence_features(sentence.text, known_names)
        span = (sentence.start, sentence.end)
        label = matched_claim(span, labelled.spans) is not None
        opinion = not label and matched_claim(span, labelled.opinion_spans) is not None
        inputs = model_inputs(sentence.text, fired, entities)
        examples.append((sentence, inputs, label, opinion))
    return examples


def training_set(texts, examples, opinion_weight):
    """The (inputs, label, how much it counts) of every sentence of ``texts``."""
    return [
        (inputs, label, opinion_weight if opinion else 1)
        for t in texts
        for _sentence, inputs, label, opinion in examples[t.name]
    ]


def pooled_result(texts, examples, models, threshold):
    """The pooled evaluation of proposing the sentences of each text whose score, by the
    model ``models`` gives for that text, reaches ``threshold``."""
    results = []
    for labelled in texts:
        model = models[labelled.name]
        found = [
            sentence
            for sentence, inputs, _label, _opinion in examples[labelled.name]
            if capped(round(model.probability(inputs, threshold), 2), inputs) >= DEFAULT_THRESHOLD
        ]
        results.append(evaluate_proposed(found, labelled.spans, None, labelled.opinion_spans))
    return pooled(results)


def f1(result):
    total = result["precision"] + result["recall"]
    return 2 * result["precision"] * result["recall"] / total if total else 0.0


def shortfall(result):
    """How far a result falls short of the target it misses most (0 when it meets all):
    no setting meets all three in cross-validation, so the one nearest to all is chosen."""
    opinions = result["opinions_proposed"] / result["opinions"] if result["opinions"] else 0.0
    return max(
        MIN_PRECISION - result["precision"],
        MIN_RECALL - result["recall"],
        opinions - MAX_OPINIONS_PROPOSED,
        0.0,
    )


class Command(BaseCommand):
    help = (
        "Train the learned extraction scorer (a logistic regression over the rule "
        "features) on the English tuning texts. The penalty, the threshold and how much an "
        "opinion sentence counts are chosen by leave-one-text-out cross-validation on those "
        "texts: the setting whose largest shortfall from the targets (precision and recall "
        f"of {MIN_PRECISION:.2f}, at most {MAX_OPINIONS_PROPOSED:.0%} of the opinion sentences "
        "proposed) is smallest, then the best F1. Writes the weights the extractor reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=WEIGHTS_FILE)
        parser.add_argument(
            "--same-texts",
            action="store_true",
            help="Fit only the texts the current weights were fitted to (their trained_on), "
            "to reproduce them; by default every English tuning text is fitted.",
        )

    def handle(self, *args, **options):
        texts = tuning_texts()
        if options["same_texts"]:
            trained_on = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["trained_on"]
            texts = [text for text in texts if text.name in trained_on]
        examples = {t.name: examples_of(t) for t in texts}
        best = None
        for opinion_weight, penalty in product(OPINION_WEIGHTS, PENALTIES):
            # Each text is scored by a model trained on the other texts only.
            models = {
                held.name: fit(
                    training_set([t for t in texts if t is not held], examples, opinion_weight),
                    MODEL_INPUTS,
                    penalty,
                )
                for held in texts
            }
            for threshold in THRESHOLDS:
                result = pooled_result(texts, examples, models, threshold)
                # Shortfalls are compared in hundredths, rounded up: within one, F1 decides.
                key = (
                    -math.ceil(round(shortfall(result) * 100, 6)),
                    f1(result),
                    penalty,
                    threshold,
                )
                if best is None or key > best[0]:
                    best = (key, opinion_weight, penalty, threshold, result)
                self.stdout.write(
                    f"opinions counted {opinion_weight}, penalty {penalty}, threshold "
                    f"{threshold}: F1 {f1(result):.3f}, {_summary(result)}"
                )
        _key, opinion_weight, penalty, threshold, result = best
        self.stdout.write(
            f"chosen: opinions counted {opinion_weight}, penalty {penalty}, threshold "
            f"{threshold}; cross-validated on {len(texts)} tuning texts: {_summary(result)}"
        )
        model = fit(training_set(texts, examples, opinion_weight), MODEL_INPUTS, penalty)
        saved = {
            "trained_on": [t.name for t in texts],
            "opinion_weight": opinion_weight,
            "penalty": penalty,
            "threshold": threshold,
            "bias": round(model.bias, 4),
            "weights": {name: round(weight, 4) for name, weight in model.weights.items()},
        }
        options["output"].write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n")
        self.stdout.write(f"Wrote {options['output']}.")


def _summary(result):
    return (
        f"precision {share(result['correct'], result['candidates'])}, "
        f"recall {share(result['found'], result['labelled'])}, "
        f"opinions proposed {share(result['opinions_proposed'], result['opinions'])}"
    )
