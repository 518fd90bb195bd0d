"""Measure the matcher of claims that come back against hand-labelled sentence pairs."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import similarity
from claims.matching import THRESHOLD, compare, evaluate

PAIRS = Path(settings.BASE_DIR) / "tests" / "data" / "matching" / "pairs.json"
FIELDS = {"check", "sentence", "match", "kind", "held_out"}


class Command(BaseCommand):
    help = (
        "Score the matcher on labelled sentence pairs (tests/data/matching/pairs.json) and "
        "print precision, recall and F1 at the threshold, beside trigram similarity alone, "
        "for the pairs it was tuned on and the held-out ones. -v 2 lists the errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pairs", type=Path, default=PAIRS, help="labelled pairs (JSON)")
        parser.add_argument("--threshold", type=float, default=THRESHOLD)

    def handle(self, *args, **options):
        try:
            pairs = json.loads(options["pairs"].read_text(encoding="utf-8"))["pairs"]
            if not all(pair.keys() >= FIELDS for pair in pairs):
                raise ValueError(f"each pair needs {', '.join(sorted(FIELDS))}")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise CommandError(
                f"Cannot read labelled pairs from {options['pairs']}: {error}"
            ) from error
        threshold = options["threshold"]
        methods = [
            (
                f"matcher, score ≥ {threshold:.2f}",
                lambda pair: compare(pair["sentence"], pair["check"]).score >= threshold,
            ),
            (
                f"trigram only, similarity ≥ {similarity.THRESHOLD:.2f}",
                lambda pair: (
                    similarity.similarity(pair["sentence"], pair["check"]) >= similarity.THRESHOLD
                ),
            ),
        ]
        self.stdout.write("| pairs | method | precision | recall | F1 |")
        self.stdout.write("| --- | --- | --- | --- | --- |")
        errors = []
        for held_out in (False, True):
            part = [pair for pair in pairs if pair["held_out"] == held_out]
            label = (
                f"{'held out' if held_out else 'tuned on'} "
                f"({len(part)}, {sum(pair['match'] for pair in part)} matching)"
            )
            for method, matches in methods:
                result = evaluate(part, matches)
                self.stdout.write(
                    f"| {label} | {method} | {result['precision']:.2f} "
                    f"({result['correct']}/{result['proposed']}) | {result['recall']:.2f} "
                    f"({result['correct']}/{result['labelled']}) | {result['f1']:.2f} |"
                )
                errors += [(method, pair) for pair in result["wrong"]]
        if options["verbosity"] > 1:
            for method, pair in errors:
                comparison = compare(pair["sentence"], pair["check"])
                self.stdout.write(
                    f"\n{method}: {'missed' if pair['match'] else 'wrong'} "
                    f"({pair['kind']}{', held out' if pair['held_out'] else ''}), "
                    f"matcher score {comparison.score:.2f}\n"
                    f"  check:    {pair['check']}\n  sentence: {pair['sentence']}\n"
                    f"  why:      {'; '.join(comparison.why)}"
                )
