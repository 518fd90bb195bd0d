"""A published check as open data: the record the API serves for it."""

from django.utils.translation import get_language

from .claimreview import review_data


def record_data(claim, request):
    """A check's own fields, its evidence, corrections, confirmed appearances and correction
    requests, and its ClaimReview (the claim loaded ``with_details()``) in the active language,
    with absolute addresses on this request's site and the languages it can be read in."""
    absolute = request.build_absolute_uri
    source = claim.source
    return {
        "slug": claim.slug,
        "url": absolute(claim.get_absolute_url()),
        "status": claim.status,
        "language": get_language(),
        "languages": claim.languages,
        "claim": claim.text,
        "said_in": claim.language,
        "original_wording": claim.original_wording,
        "claim_reviewed": claim.claim_reviewed,
        "rating": claim.rating.slug,
        "summary": claim.summary,
        "ruling": claim.ruling,
        "claim_date": claim.claim_date,
        "published_at": claim.published_at,
        "updated_at": claim.updated_at,
        "last_verified": claim.verified_at,
        "speaker": {
            "slug": claim.speaker.slug,
            "name": claim.speaker.name,
            "kind": claim.speaker.kind,
            "role": claim.speaker.role,
            "url": absolute(claim.speaker.get_absolute_url()),
        },
        "source": {
            "slug": source.slug,
            "title": source.title,
            "url": source.url,
            "publisher": source.publisher,
            "published_at": source.published_at,
            "page": absolute(source.get_absolute_url()),
        }
        if source
        else None,
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in claim.topic_list],
        "evidence": [
            {
                "url": item.url,
                "title": item.title,
                "publisher": item.publisher,
                "published_at": item.published_at,
                "archive_url": item.archive_url,
                "stance": item.stance,
                "note": item.note,
            }
            for item in claim.evidence.all()
        ],
        "corrections": [
            {
                "kind": correction.kind,
                "text": correction.text,
                "at": correction.at,
                "old_rating": correction.old_rating.slug if correction.old_rating else None,
                "new_rating": correction.new_rating.slug if correction.new_rating else None,
            }
            for correction in claim.corrections.all()
        ],
        "appearances": [
            {
                "url": appearance.url,
                "title": appearance.title,
                "text": appearance.text,
                "said_on": appearance.said_on,
                "speaker": {
                    "slug": appearance.speaker.slug,
                    "name": appearance.speaker.name,
                    "url": absolute(appearance.speaker.get_absolute_url()),
                }
                if appearance.speaker
                else None,
            }
            for appearance in claim.also_said
        ],
        "correction_requests": [
            {
                "asked": item.asked,
                "channel": item.channel,
                "asked_on": item.asked_on,
                "outcome": item.outcome,
                "correction_url": item.correction_url,
            }
            for item in claim.listed_correction_requests
        ],
        "claimReview": review_data(claim, request),
    }
