"""The checks on a page of cards, read only when a card's cached fragment is missing.

A card is a ``{% cache %}`` fragment keyed by its check (templates/claims/_cards.html), so a
list needs only each check's key to find its cards; what a card shows is read for the whole
page in one query, the first time one of its fragments is missing.
"""

from ..models import Claim

# What a card shows (templates/claims/_claim_card.html).
CARD_FIELDS = (
    "slug", "text", "claim_reviewed", "summary", "claim_date", "published_at",
    "speaker__slug", "speaker__name", "rating__slug", "rating__name",
)  # fmt: skip


def keys_only(claims):
    """The list's rows with only what places a card: its key and publication time."""
    return claims.only("published_at")


class Card:
    """A check on a page of cards: its key at once, the rest from ``CardChecks``."""

    def __init__(self, row, checks):
        self.pk, self.published_at = row.pk, row.published_at
        self._checks = checks

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._checks.check(self.pk), name)


class CardChecks:
    """The page's checks as their cards show them, read together when first needed."""

    def __init__(self, pks):
        self.pks = pks
        self.checks = None

    def check(self, pk):
        if self.checks is None:
            claims = Claim.objects.filter(pk__in=self.pks).select_related("speaker", "rating")
            self.checks = {claim.pk: claim for claim in claims.only(*CARD_FIELDS)}
        return self.checks[pk]


def cards(rows):
    """Cards for ``rows`` (from ``keys_only()``), in their order."""
    rows = list(rows)
    checks = CardChecks([row.pk for row in rows])
    return [Card(row, checks) for row in rows]
