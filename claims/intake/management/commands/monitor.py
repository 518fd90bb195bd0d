"""Run one monitoring pass over the watched feeds and pages."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.intake.monitoring import run_pass
from claims.models import http_url_validator


class Command(BaseCommand):
    help = (
        "Read every watched source once (or only the given feeds), put new check-worthy "
        "sentences in the desk's monitoring inbox and propose claims already checked as "
        "appearances. Sources that fail are recorded with their error and tried next pass."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed",
            action="append",
            default=[],
            metavar="URL",
            help="read only this feed (repeat for several); recorded, unwatched, when new",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, feed, format, **options):
        for url in feed:
            try:
                http_url_validator(url)
            except ValidationError:
                raise CommandError(f"Not a web address (http or https): {url!r}") from None
        report = run_pass(feed)
        for url, error in report.failures:
            self.stderr.write(f"Could not read {url}: {error}")
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
            return
        for item in report.items:
            self.stdout.write(f"{item['title'] or item['url']} ({item['url']})")
            for candidate in item["candidates"]:
                already = ", ".join(match["slug"] for match in candidate["matches"])
                self.stdout.write(
                    f"  {candidate['score']:.2f}  {candidate['text']}"
                    + (f"  [already checked: {already}]" if already else "")
                )
        found = sum(len(item["candidates"]) for item in report.items)
        self.stdout.write(
            f"{len(report.items)} new article(s), {found} sentence(s) for the inbox, "
            f"{len(report.failures)} failure(s)."
        )
