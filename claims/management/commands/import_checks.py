"""Restore an export_checks file into an empty database."""

import json

from django.core.management.base import BaseCommand, CommandError

from claims.transfer import TransferError, import_data


class Command(BaseCommand):
    help = (
        "Import a file written by export_checks into an empty database (refused otherwise). "
        "Users are matched by username; missing ones are created inactive, without a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file written by export_checks")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as source:
                data = json.load(source)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except ValueError:
            raise CommandError(f"{path} is not a JSON file written by export_checks.") from None
        try:
            counts = import_data(data)
        except TransferError as refused:
            raise CommandError(str(refused)) from None
        summary = ", ".join(f"{n} {label.split('.')[1]}" for label, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {summary}."))
