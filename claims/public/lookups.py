"""Small lookups every public page needs, built in one query per data generation.

Filter menus, the rating scale's bounds and the footer's policy pages come from one UNION
query and are cached until tracker data changes, so no page pays a query for them twice.
"""

from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from ..models import Claim, Page, Rating, Source, Speaker, Topic
from ..translation import in_language
from . import cache

FACETS = ("rating", "speaker", "topic", "source")


def facet_choices():
    """Choices for each filter: only speakers, topics and sources with a listed check."""
    return _lookups()["choices"]


def facet_labels():
    """{slug: label} of each filter's choices, to check and name a choice without walking
    its menu."""
    return _lookups()["labels"]


def rating_scale():
    """(worst, best) values of the on-scale ratings, from the same cached query."""
    return _lookups()["scale"]


def footer_pages():
    """(title, URL) of the policy pages linked from every page's footer."""
    return _lookups()["footer"]


def _lookups():
    """All of the above from one UNION query, cached per data generation and language."""

    def build():
        language = get_language()
        listed = Claim.objects.listed().in_language(language)

        def used_by(model, lookup):
            return model.objects.filter(Exists(listed.filter(**{lookup: OuterRef("pk")})))

        parts = [  # (filter, rows, label, position: the rating scale best first)
            (
                "rating",
                Rating.objects.rewrite(False),
                in_language("name", language),
                Coalesce(-F("value"), 0),
            ),
            ("speaker", used_by(Speaker, "speaker"), "name", Value(0)),
            ("topic", used_by(Topic, "topics"), "name", Value(0)),
            ("source", used_by(Source, "source"), "title", Value(0)),
            (
                "page",
                Page.objects.rewrite(False).filter(in_footer=True),
                in_language("title", language),
                Value(0),
            ),
        ]
        first, *rest = [
            rows.order_by().values_list(Value(name), "slug", label, position)
            for name, rows, label, position in parts
        ]
        facets = {name: [] for name, *_ in parts}
        rows = first.union(*rest, all=True)
        values = []
        for name, slug, label, position in sorted(
            rows, key=lambda row: (row[3], row[2].casefold())
        ):
            facets[name].append((slug, label))
            if name == "rating" and position < 0:
                values.append(-position)
        return {
            "choices": {name: facets[name] for name in FACETS},
            "labels": {name: dict(facets[name]) for name in FACETS},
            "scale": (min(values), max(values)) if values else (None, None),
            "footer": [
                (title, Page(slug=slug, title=title).get_absolute_url())
                for slug, title in facets["page"]
            ],
        }

    # Per language: names and addresses are in the language of the page.
    return cache.get_or_build(f"lookups-with-labels:{get_language()}", build)
