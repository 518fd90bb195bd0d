"""schema.org ClaimReview for one published check, as search engines and aggregators read it.

https://schema.org/ClaimReview; Google's fact-check markup reads the same fields.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from ..models import Speaker
from .lookups import rating_scale

# Inside <script> the HTML parser ends the block at "</script" whatever JSON thinks, so the
# characters that could start a tag or an entity are written as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def organisation(request):
    """The publishing organisation from settings; its URL defaults to this site's home."""
    org = {
        "@type": "Organization",
        "name": settings.FACTCHECK_ORG_NAME,
        "url": settings.FACTCHECK_ORG_URL or request.build_absolute_uri(reverse("claims:home")),
    }
    if settings.FACTCHECK_ORG_LOGO:
        org["logo"] = request.build_absolute_uri(settings.FACTCHECK_ORG_LOGO)
    return org


def _speaker(speaker):
    if speaker.kind == Speaker.Kind.ORGANISATION:
        data = {"@type": "Organization", "name": speaker.name}
        if speaker.role:
            data["description"] = speaker.role
    else:
        data = {"@type": "Person", "name": speaker.name}
        if speaker.role:
            data["jobTitle"] = speaker.role
    return data


def _appearance(source, absolute):
    """The source as a CreativeWork: its own address, else our public page about it."""
    work = {
        "@type": "CreativeWork",
        "url": source.url or absolute(source.get_absolute_url()),
        "headline": source.title,
    }
    if source.published_at:
        work["datePublished"] = source.published_at.isoformat()
    if source.author:
        work["author"] = {"@type": "Person", "name": source.author}
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    return work


def _said_again(appearance):
    """A confirmed appearance (``Claim.also_said``) as a CreativeWork."""
    work = {"@type": "CreativeWork", "url": appearance.url}
    if appearance.title:
        work["headline"] = appearance.title
    if appearance.said_on:
        work["datePublished"] = appearance.said_on.isoformat()
    if appearance.speaker:
        work["author"] = _speaker(appearance.speaker)
    return work


def _rating(rating, scale):
    data = {"@type": "Rating", "alternateName": rating.name}
    if rating.on_scale:
        worst, best = scale
        data.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return data


def review_data(claim, request):
    """The ClaimReview of a published ``claim`` (speaker, source and rating loaded, and
    ``last_corrected`` from ``Claim.objects.with_last_correction()``), with absolute addresses
    on this request's site (its host checked against ALLOWED_HOSTS).

    The source is ``firstAppearance`` and an ``appearance``; each confirmed appearance of
    the claim elsewhere (``with_appearances()``) is another ``appearance``.
    """
    absolute = request.build_absolute_uri
    item = {"@type": "Claim", "author": _speaker(claim.speaker)}
    if claim.claim_date:
        item["datePublished"] = claim.claim_date.isoformat()
    appearances = [_said_again(appearance) for appearance in claim.also_said]
    if claim.source:
        item["firstAppearance"] = _appearance(claim.source, absolute)
        appearances.insert(0, item["firstAppearance"])
    if appearances:
        # One place is one CreativeWork; more (the claim made again) are a list of them.
        item["appearance"] = appearances[0] if len(appearances) == 1 else appearances
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(claim.get_absolute_url()),
        "claimReviewed": claim.reviewed_text,
        "inLanguage": get_language(),
        "datePublished": timezone.localdate(claim.published_at).isoformat(),
        "author": organisation(request),
        "reviewRating": _rating(claim.rating, rating_scale()),
        "itemReviewed": item,
        "image": absolute(reverse("claims:share-image", args=[claim.slug, claim.version])),
    }
    if claim.last_corrected:
        review["dateModified"] = timezone.localdate(claim.last_corrected).isoformat()
    return review


def json_for_script(data):
    """``data`` as JSON that no text inside it can end a <script> block with."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return text.translate(_SCRIPT_ESCAPES)
