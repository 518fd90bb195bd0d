"""Measure the extraction rules against hand-labelled texts."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.intake.articles import DEFAULT_THRESHOLD
from claims.intake.extraction import evaluate

LABELLED_DIR = Path(settings.BASE_DIR) / "tests" / "data"


def load_labelled(path):
    """(text, labelled spans, tuned_on) from a labels file; see tests/data/*.json."""
    labels = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / labels["text"]).read_text(encoding="utf-8")
    spans = []
    for quote in labels["checkable"]:
        start = text.find(quote)
        if start < 0:
            raise CommandError(f"{path.name}: labelled claim not in the text: {quote[:60]}…")
        spans.append((start, start + len(quote)))
    return text, spans, labels.get("tuned_on", False)


class Command(BaseCommand):
    help = (
        "Run the extractor on labelled texts (default: every tests/data/*.json) and print "
        "precision and recall at the threshold."
    )

    def add_arguments(self, parser):
        parser.add_argument("labels", nargs="*", help="labels files (JSON)")
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["labels"]] or sorted(LABELLED_DIR.glob("*.json"))
        if not paths:
            raise CommandError(f"No labelled texts in {LABELLED_DIR}.")
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            text, spans, tuned_on = load_labelled(path)
            result = evaluate(text, spans, options["threshold"])
            self.stdout.write(
                f"{path.name} ({'tuned on' if tuned_on else 'unseen'}): "
                f"precision {result['precision']:.2f} "
                f"({result['correct']}/{result['candidates']} candidates), "
                f"recall {result['recall']:.2f} ({result['found']}/{result['labelled']} claims)"
            )
            if options["verbosity"] > 1:
                for start, end in result["missed"]:
                    self.stdout.write(f"  missed: {text[start:end]}")
                for candidate in result["wrong"]:
                    self.stdout.write(f"  wrong:  {candidate.score:.2f} {candidate.text}")
