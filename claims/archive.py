"""Our own copy of every evidence link of a published check.

When a check is published, a task fetches each of its links (through ``claims.outbound``:
deadline, size limit, no private addresses) and keeps the answer as a WARC record in
Django's default storage, with the SHA-256 of the body and the time, and the page's text
(trafilatura) for readers, who get it as plain text from our site, never the archived HTML.
A fetch that fails (an error status, an answer over the size limit, no answer in time) is
recorded and tried again by the next pass (``archive_pending``); it never holds up
publication.
"""

import hashlib
import io
import logging

import trafilatura
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import outbound
from .models import ArchivedCopy, Evidence, Status
from .queue import background

logger = logging.getLogger(__name__)

# Headers describing the transfer rather than the page: the body is stored as received whole.
TRANSFER_HEADERS = {"transfer-encoding", "content-length"}
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class ArchiveFailed(Exception):
    """The link could not be archived this time; the message says why, for editors."""


def warc_record(response, fetched_at):
    """The answer as one gzipped WARC response record (bytes)."""
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in TRANSFER_HEADERS]
    headers.append(("Content-Length", str(len(response.body))))
    http_headers = StatusAndHeaders(
        f"{response.status} {response.reason}".strip(), headers, protocol="HTTP/1.1"
    )
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    record = writer.create_warc_record(
        response.url,
        "response",
        payload=io.BytesIO(response.body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )
    writer.write_record(record)
    return out.getvalue()


def readable_text(response):
    """The page's main text, or "" when it is not a text or web page."""
    content_type = response.headers.get_content_type()
    if content_type not in TEXT_TYPES:
        return ""
    try:
        body = response.body.decode(response.headers.get_content_charset() or "utf-8", "replace")
    except LookupError:  # a charset Python does not know
        body = response.body.decode("utf-8", "replace")
    if content_type == "text/plain":
        return body
    return trafilatura.extract(body, url=response.url) or trafilatura.html2txt(body) or ""


def fetch(url):
    """The answer at ``url`` if it can be archived; raise ArchiveFailed if not."""
    max_bytes = settings.FACTCHECK_ARCHIVE_MAX_MB * 1024 * 1024
    try:
        response = outbound.request(
            url, timeout=settings.FACTCHECK_ARCHIVE_TIMEOUT, max_bytes=max_bytes
        )
    except outbound.OutboundError as failed:
        raise ArchiveFailed(str(failed)) from None
    if not response.ok:
        raise ArchiveFailed(
            _("The server answered %(answer)s")
            % {"answer": f"{response.status} {response.reason}".strip()}
        )
    if response.too_large:
        raise ArchiveFailed(
            _("The answer is larger than %(size)d MB; not archived.")
            % {"size": settings.FACTCHECK_ARCHIVE_MAX_MB}
        )
    return response


def archive(evidence):
    """Fetch and keep one evidence link, or record why it failed; returns its ArchivedCopy."""
    copy, _ = ArchivedCopy.objects.get_or_create(evidence=evidence)
    if copy.fetched_at:
        return copy  # already kept: the copy is of the page as it was when published
    copy.attempts += 1
    copy.attempted_at = timezone.now()
    try:
        response = fetch(evidence.url)
    except ArchiveFailed as failed:
        copy.error = str(failed)[:300]
        copy.save(update_fields=["attempts", "attempted_at", "error"])
        logger.info("Evidence %s not archived: %s", evidence.pk, failed)
        return copy
    fetched_at = timezone.now()
    name = f"evidence-{evidence.pk}-{fetched_at:%Y%m%dT%H%M%S}.warc.gz"
    copy.warc.save(name, ContentFile(warc_record(response, fetched_at)), save=False)
    copy.sha256 = hashlib.sha256(response.body).hexdigest()
    copy.text = readable_text(response)
    copy.fetched_at, copy.error = fetched_at, ""
    copy.save()
    return copy


def archive_claim(claim_id):
    """Archive every evidence link of a published check that has no copy yet."""
    for evidence in Evidence.objects.filter(claim_id=claim_id, claim__status=Status.PUBLISHED):
        archive(evidence)


def archive_pending():
    """Try again every link of a published check that has no copy yet; (tried, kept)."""
    pending = Evidence.objects.filter(claim__status=Status.PUBLISHED).filter(
        Q(archived__isnull=True) | Q(archived__fetched_at__isnull=True)
    )
    copies = [archive(evidence) for evidence in pending]
    return len(copies), sum(1 for copy in copies if copy.fetched_at)


@background()
def archive_evidence(claim_id):
    """Keep our own copy of each evidence link of a newly published check (queued by the
    workflow; it never holds up publication)."""
    archive_claim(claim_id)


@background()
def retry_archiving():
    """Try again the evidence links that could not be archived yet (periodic work)."""
    archive_pending()
