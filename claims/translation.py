"""The texts readers get per language (django-modeltranslation): a column per language
beside the English one, so a page in any language costs the same queries as in English.

A claim's own words (``text``, ``original_wording``) are never translated: they are what
was said. Its check (the claim as reviewed, the summary and the ruling), the rating scale
and the policy pages have a version per language; a claim's version in a language is shown
to readers only once published through the workflow (``LanguageVersion``).
"""

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.translator import TranslationOptions, register

from .models import Claim, Page, Rating


@register(Claim)
class ClaimTranslation(TranslationOptions):
    fields = ("claim_reviewed", "summary", "ruling")


@register(Rating)
class RatingTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")


def in_language(field, language):
    """The text of ``field`` in ``language``, else in English, as a query expression: for
    queries whose rows are not model instances (values, a UNION), which the per-language
    attributes of the models cannot serve."""
    columns = dict.fromkeys([f"{field}_{language}", f"{field}_{settings.LANGUAGE_CODE}"])
    texts = (NullIf(F(column), Value("")) for column in columns)
    return Coalesce(*texts, Value(""), output_field=TextField())
