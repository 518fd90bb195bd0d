"""Render every public check's stored list card and page again."""

from django.core.management.base import BaseCommand

from claims.models import Claim


class Command(BaseCommand):
    help = (
        "Render again the stored list card and page of every public check: after a deploy "
        "that changed their templates, or to store pages forgotten after an edit."
    )

    def handle(self, *args, **options):
        Claim.objects.render_cards()
        Claim.objects.render_pages()
        count = Claim.objects.public().count()
        self.stdout.write(f"Rendered {count} check{'s' if count != 1 else ''}.")
