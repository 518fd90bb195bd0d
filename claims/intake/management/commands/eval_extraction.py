"""Measure the extraction rules against hand-labelled texts."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.intake.articles import DEFAULT_THRESHOLD
from claims.intake.extraction import evaluate

LABELLED_DIR = Path(settings.BASE_DIR) / "tests" / "data"
# Counts summed over several texts; the shares are recomputed from the sums.
TOTALS = ("candidates", "correct", "labelled", "found", "opinions", "opinions_proposed",
          "with_speaker", "right_speaker")  # fmt: skip


@dataclass
class LabelledText:
    """A text with its hand labels; see tests/data/*.json."""

    name: str
    text: str
    spans: list
    speakers: list
    opinion_spans: list
    tuned_on: bool
    held_out: bool
    language: str = "en"

    @property
    def status(self):
        if self.held_out:
            return "held out"
        return "tuned on" if self.tuned_on else "unseen"

    def evaluate(self, threshold=DEFAULT_THRESHOLD):
        return evaluate(
            self.text, self.spans, threshold, self.speakers, self.opinion_spans, self.language
        )


def load_labelled(path):
    """The LabelledText of a labels file, or a CommandError naming a quote not in the text."""
    labels = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / labels["text"]).read_text(encoding="utf-8")

    def span(quote):
        start = text.find(quote)
        if start < 0:
            raise CommandError(f"{path.name}: labelled sentence not in the text: {quote[:60]}…")
        return (start, start + len(quote))

    speakers = labels.get("speakers", {})
    return LabelledText(
        name=path.name,
        text=text,
        spans=[span(quote) for quote in labels["checkable"]],
        speakers=[speakers.get(quote) for quote in labels["checkable"]],
        opinion_spans=[span(quote) for quote in labels.get("opinion", [])],
        tuned_on=labels.get("tuned_on", False),
        held_out=labels.get("held_out", False),
        language=labels.get("language", "en"),
    )


def pooled(results):
    """The counts of several results summed, with precision, recall and shares."""
    total = {key: sum(result[key] for result in results) for key in TOTALS}
    total["precision"] = total["correct"] / total["candidates"] if total["candidates"] else 0.0
    total["recall"] = total["found"] / total["labelled"] if total["labelled"] else 0.0
    return total


def share(part, whole):
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "— (0/0)"


def summary(result):
    return (
        f"precision {share(result['correct'], result['candidates'])}, "
        f"recall {share(result['found'], result['labelled'])}, "
        f"opinions proposed {share(result['opinions_proposed'], result['opinions'])}, "
        f"right speaker {share(result['right_speaker'], result['with_speaker'])}"
    )


class Command(BaseCommand):
    help = (
        "Run the extractor on labelled texts (default: every tests/data/*.json) and print, "
        "per text and pooled by language and status (tuned on, held out, unseen), precision, "
        "recall, the share of opinion sentences proposed and the share of right claims with "
        "the right speaker."
    )

    def add_arguments(self, parser):
        parser.add_argument("labels", nargs="*", help="labels files (JSON)")
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["labels"]] or sorted(LABELLED_DIR.glob("*.json"))
        if not paths:
            raise CommandError(f"No labelled texts in {LABELLED_DIR}.")
        by_status = {}
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            labelled = load_labelled(path)
            result = labelled.evaluate(options["threshold"])
            group = (labelled.language, labelled.status)
            by_status.setdefault(group, []).append(result)
            self.stdout.write(
                f"{labelled.name} ({labelled.language}, {labelled.status}): {summary(result)}"
            )
            if options["verbosity"] > 1 and not labelled.held_out:
                self._explain(labelled.text, result)
        for (language, status), results in sorted(by_status.items()):
            self.stdout.write(
                f"all {language} {status} ({len(results)} texts): {summary(pooled(results))}"
            )

    def _explain(self, text, result):
        """What went wrong; never shown for held-out texts, so nobody tunes on them."""
        for start, end in result["missed"]:
            self.stdout.write(f"  missed: {text[start:end]}")
        for candidate in result["wrong"]:
            self.stdout.write(f"  wrong:  {candidate.score:.2f} {candidate.text}")
        for start, end in result["proposed_opinions"]:
            self.stdout.write(f"  opinion proposed: {text[start:end]}")
        for candidate, expected in result["wrong_speaker"]:
            self.stdout.write(
                f"  speaker {candidate.speaker_guess!r}, not {expected!r}: {candidate.text}"
            )
