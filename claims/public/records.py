"""A published check as open data: the record the API serves for it.

The record is built when the check changes and stored with its page (``Claim.page_head``),
with this site's own addresses as paths; ``for_request`` makes them absolute for each reader.
"""

from .claimreview import for_request as review_for_request
from .claimreview import review_data


def record_data(claim, scale):
    """A check's own fields, its evidence and corrections, and its ClaimReview (the claim
    loaded ``with_details()``; ``scale`` the rating scale's (worst, best) values)."""
    source = claim.source
    return {
        "slug": claim.slug,
        "url": claim.get_absolute_url(),
        "status": claim.status,
        "claim": claim.text,
        "claim_reviewed": claim.claim_reviewed,
        "rating": claim.rating.slug,
        "summary": claim.summary,
        "ruling": claim.ruling,
        "claim_date": claim.claim_date,
        "published_at": claim.published_at,
        "updated_at": claim.updated_at,
        "speaker": {
            "slug": claim.speaker.slug,
            "name": claim.speaker.name,
            "kind": claim.speaker.kind,
            "role": claim.speaker.role,
            "url": claim.speaker.get_absolute_url(),
        },
        "source": {
            "slug": source.slug,
            "title": source.title,
            "url": source.url,
            "publisher": source.publisher,
            "published_at": source.published_at,
            "page": source.get_absolute_url(),
        }
        if source
        else None,
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in claim.topics.all()],
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
        "claimReview": review_data(claim, scale),
    }


def for_request(record, request):
    """``record`` with absolute addresses on this request's site."""
    absolute = request.build_absolute_uri
    source = record["source"]
    return {
        **record,
        "url": absolute(record["url"]),
        "speaker": {**record["speaker"], "url": absolute(record["speaker"]["url"])},
        "source": {**source, "page": absolute(source["page"])} if source else None,
        "claimReview": review_for_request(record["claimReview"], request),
    }
