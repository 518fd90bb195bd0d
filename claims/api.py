"""The open data: published checks as JSON and CSV, with the list page's filters.

Read-only and anonymous. Every query starts from ``Claim.objects.listed()`` (through
``ClaimFilter``), so a draft or a retracted check never appears. A bad filter or page is a
400 with a short message: JSON from the API, plain text from the CSV download.
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_safe

from . import conditional, export
from .claimreview import claim_review
from .feeds import filter_errors
from .filters import ClaimFilter
from .lookups import rating_scale
from .models import Claim
from .pagination import CachedCountPaginator


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data, no cookies involved
    return response


def _error(status, message, **details):
    return _json({"error": message, **details}, status=status)


def _messages(errors):
    return {name: list(messages) for name, messages in errors.items()}


def claim_record(claim, request, scale):
    """A check's own fields, its evidence and corrections, and its ClaimReview."""
    absolute = request.build_absolute_uri
    source = claim.source
    return {
        "slug": claim.slug,
        "url": absolute(claim.get_absolute_url()),
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
        "claimReview": claim_review(claim, request, scale),
    }


def _page_link(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@require_safe
@conditional.public_data
def claim_list(request):
    """Published checks, newest first, a page at a time."""
    filterset = ClaimFilter(request.GET)
    if not filterset.is_valid():
        return _error(400, "Invalid filter.", fields=_messages(filterset.form.errors))
    paginator = CachedCountPaginator(filterset.qs.with_details(), settings.FACTCHECK_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return _error(400, f"Invalid page: use a whole number from 1 to {paginator.num_pages}.")
    scale = rating_scale()
    return _json(
        {
            "count": paginator.count,
            "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_link(request, page.previous_page_number())
            if page.has_previous()
            else None,
            "results": [claim_record(claim, request, scale) for claim in page],
        }
    )


@require_safe
@conditional.public_data
def claim_detail(request, slug):
    claim = Claim.objects.listed().with_details().filter(slug=slug).first()
    if claim is None:
        return _error(404, "No published check has this slug.")
    return _json(claim_record(claim, request, rating_scale()))


@require_safe
@conditional.public_data
def claims_csv(request):
    """The filtered public list as one CSV file, one row per check."""
    filterset = ClaimFilter(request.GET)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            f"Invalid filter: {filter_errors(filterset)}\n", content_type="text/plain"
        )
    claims = filterset.qs.prefetch_related("topics")
    response = export.csv_response(
        "claims", export.PUBLIC_COLUMNS, export.public_rows(claims, request)
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
