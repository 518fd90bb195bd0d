"""Draw the share image of every published check that lacks one (after a first deploy, or
when the files were lost); the desk's worker draws new ones as checks are published."""

from django.core.management.base import BaseCommand

from claims.models import Claim
from claims.share_image import store


class Command(BaseCommand):
    help = "Draw missing share images of published checks."

    def handle(self, *args, **options):
        ids = list(Claim.objects.listed().values_list("pk", flat=True))
        for claim_id in ids:
            store(claim_id)
        self.stdout.write(f"Share images ready for {len(ids)} published check(s).")
