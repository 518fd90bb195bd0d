"""Render every published check's list card again, after the card template changed."""

from django.core.management.base import BaseCommand

from claims.models import Claim


class Command(BaseCommand):
    help = "Render again the stored list card of every published check (run after a deploy "
    help += "that changed templates/claims/_claim_card.html)."

    def handle(self, *args, **options):
        Claim.objects.render_cards()
        count = Claim.objects.listed().count()
        self.stdout.write(f"Rendered {count} card{'s' if count != 1 else ''}.")
