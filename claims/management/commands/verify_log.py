"""Recompute the chain of public revisions and name the first one that does not match."""

from django.core.management.base import BaseCommand, CommandError

from claims import revisions


class Command(BaseCommand):
    help = (
        "Recompute every revision's hashes and links from the start of the chain; exit with "
        "an error naming the first revision that does not match."
    )

    def handle(self, *args, **options):
        checked, bad, why = revisions.verify()
        if bad is not None:
            raise CommandError(
                f"Revision {bad.sequence} ({bad.get_kind_display().lower()} of "
                f"{bad.claim.slug}, {revisions.timestamp(bad.at)}) does not match: {why}. "
                f"The {checked - 1} revision(s) before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"The log is intact: {checked} revision(s) verified."))
