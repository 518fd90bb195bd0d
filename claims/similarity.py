"""Already checked? Text similarity between a claim and earlier checks.

The measure is pg_trgm's: the share of three-letter sequences two texts have in common.
PostgreSQL computes it through a GIN trigram index; other databases get the same measure
in Python, over a bounded set of claims that share a long word with the text.
"""

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connections
from django.db.models import Q

THRESHOLD = 0.3  # pg_trgm's own default for the % operator
CANDIDATES = 300  # claims compared in Python at most, newest first
WORD = re.compile(r"[^\W_]+")


def trigrams(text):
    """pg_trgm's trigrams: each lower-cased word padded with two spaces before, one after."""
    found = set()
    for word in WORD.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def similarity(a, b):
    """pg_trgm's similarity(a, b) in 0..1."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def similar_claims(queryset, text, limit=5, at_least=None):
    """Claims of ``queryset`` at least ``at_least`` (default THRESHOLD) similar to ``text``,
    best first.

    Each carries its ``similarity``; the verdict is loaded with it.
    """
    at_least = THRESHOLD if at_least is None else at_least
    queryset = queryset.select_related("rating")
    if connections[queryset.db].vendor == "postgresql":
        return list(
            queryset.filter(text__trigram_similar=text)  # % uses the GIN index
            .annotate(similarity=TrigramSimilarity("text", text))
            .filter(similarity__gte=at_least)
            .order_by("-similarity", "-pk")[:limit]
        )
    words = sorted({w for w in WORD.findall(text.lower()) if len(w) >= 4}, key=len)[-8:]
    if not words:
        return []
    shares_a_word = Q()
    for word in words:
        shares_a_word |= Q(text__icontains=word)
    scored = []
    for claim in queryset.filter(shares_a_word).order_by("-pk")[:CANDIDATES]:
        claim.similarity = similarity(text, claim.text)
        if claim.similarity >= at_least:
            scored.append(claim)
    scored.sort(key=lambda claim: (-claim.similarity, -claim.pk))
    return scored[:limit]
