"""Write every claim, its evidence, events and corrections (and what they refer to) as JSON."""

import json
import sys

from django.core.management.base import BaseCommand

from claims.transfer import ExactJSONEncoder, export_data


class Command(BaseCommand):
    help = (
        "Export all claims, evidence, review events and corrections, with their speakers, "
        "sources, topics, ratings and pages, to one JSON file. Users are carried by "
        "username, never with their passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, or - for standard output")

    def handle(self, *args, path, **options):
        data = export_data()
        text = json.dumps(data, cls=ExactJSONEncoder, ensure_ascii=False, indent=1)
        if path == "-":
            sys.stdout.write(text + "\n")
            return
        with open(path, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        claims = sum(1 for row in data["objects"] if row["model"] == "claims.claim")
        self.stdout.write(self.style.SUCCESS(f"Exported {claims} claim(s) to {path}."))
