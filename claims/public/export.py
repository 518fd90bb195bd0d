"""CSV downloads: the public list for readers and researchers, and the editors' export."""

import csv

from django.http import HttpResponse
from django.utils import timezone

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PUBLIC_COLUMNS = [
    "slug", "url", "claim", "claim_reviewed", "rating", "rating_value", "speaker", "speaker_kind",
    "speaker_role", "claim_date", "source", "source_url", "topics", "summary", "published_at",
    "updated_at", "appearances", "correction_requests",
]  # fmt: skip

DESK_COLUMNS = [
    "slug", "status", "claim", "claim_reviewed", "speaker", "rating", "researcher", "reviewer",
    "published_at", "evidence_url", "evidence_title", "evidence_publisher", "evidence_published",
    "evidence_accessed", "evidence_archive_url", "stance", "evidence_note",
]  # fmt: skip


def _cell(value):
    """Text as written, except that a leading formula character is neutralised with a quote."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_response(name, columns, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return response


def _request_cell(item):
    """“Daily Planet, email, 2022-06-21: corrected https://…”"""
    text = f"{item.asked}, {item.channel}, {item.asked_on.isoformat()}: {item.outcome}"
    return f"{text} {item.correction_url}" if item.correction_url else text


def public_rows(claims, request):
    """One row per published check (speaker, rating, source, topics and appearances loaded,
    and ``with_correction_requests()``)."""
    for claim in claims:
        source = claim.source
        yield [
            claim.slug,
            request.build_absolute_uri(claim.get_absolute_url()),
            claim.text,
            claim.claim_reviewed,
            claim.rating.name,
            claim.rating.value,
            claim.speaker.name,
            claim.speaker.kind,
            claim.speaker.role,
            claim.claim_date,
            source.title if source else "",
            source.url if source else "",
            "; ".join(topic.name for topic in claim.topic_list),
            claim.summary,
            claim.published_at,
            claim.updated_at,
            "; ".join(appearance.url for appearance in claim.also_said),
            "; ".join(_request_cell(item) for item in claim.listed_correction_requests),
        ]


def desk_rows(claims):
    """One row per evidence link, the claim's columns repeated; a claim without any has one."""
    for claim in claims:
        head = [
            claim.slug,
            claim.get_status_display(),
            claim.text,
            claim.claim_reviewed,
            claim.speaker or "",
            claim.rating or "",
            claim.researcher or "",
            claim.reviewer or "",
            claim.published_at,
        ]
        evidence = list(claim.evidence.all())
        if not evidence:
            yield head + [""] * (len(DESK_COLUMNS) - len(head))
        for item in evidence:
            yield [
                *head,
                item.url,
                item.title,
                item.publisher,
                item.published_at,
                item.accessed_at,
                item.archive_url,
                item.get_stance_display(),
                item.note,
            ]
