"""Propose the checkable sentences of an article and file them as draft claims."""

import json

from django import forms
from django.core.management.base import BaseCommand, CommandError

from claims.intake.articles import DEFAULT_THRESHOLD, ArticleForm, import_article, read_article_file


class Command(BaseCommand):
    help = (
        "Create a Source from a UTF-8 text file and a draft claim for every sentence whose "
        "check-worthiness reaches the threshold."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="plain UTF-8 text of the article")
        parser.add_argument("--title", required=True)
        parser.add_argument("--url", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--published", default="", help="publication date, YYYY-MM-DD")
        parser.add_argument("--threshold", default=str(DEFAULT_THRESHOLD), help="0..1")
        parser.add_argument("--dry-run", action="store_true", help="show, create nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            text = read_article_file(options["file"])
        except forms.ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        form = ArticleForm(
            {
                "title": options["title"],
                "url": options["url"],
                "publisher": options["publisher"],
                "published_at": options["published"],
                "threshold": options["threshold"],
                "text": text,
            }
        )
        if not form.is_valid():
            raise CommandError(
                " ".join(
                    f"--{'published' if name == 'published_at' else name}: {message}"
                    if name != "__all__"
                    else message
                    for name, messages in form.errors.items()
                    for message in messages
                )
            )
        threshold = form.cleaned_data["threshold"]
        chosen = [c for c in form.candidates() if c.score >= threshold]
        if options["format"] == "json":
            found = {
                "language": form.cleaned_data["language"],
                "candidates": [c.as_dict() for c in chosen],
            }
            self.stdout.write(json.dumps(found, indent=2, ensure_ascii=False))
        else:
            for c in chosen:
                speaker = f" [{c.speaker_guess}]" if c.speaker_guess else ""
                self.stdout.write(f"{c.score:.2f}{speaker} {c.text}")
                self.stdout.write(f"     {', '.join(c.features)}")
        if options["dry_run"]:
            self.stderr.write(f"Dry run: {len(chosen)} candidate(s), nothing created.")
            return
        source, claims = import_article(form.cleaned_data, chosen)
        self.stderr.write(
            self.style.SUCCESS(
                f"Created source “{source}” (id {source.pk}, language {source.language}) "
                f"with {len(claims)} draft claim(s)."
            )
        )
