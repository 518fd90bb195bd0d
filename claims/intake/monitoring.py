"""The monitor: read the watched feeds and pages, put their check-worthy sentences in the
desk's inbox, and propose each sentence that makes the claim of a published check as an
appearance of that check.

One pass (``run_pass``) reads every watched source, or only the addresses given. Fetching
goes through ``claims.outbound`` (timeout, size limit, the desk's User-Agent, no private
addresses) with conditional GET, in a few threads but never two requests to one host at a
time. Threads only fetch and parse; everything is written from the calling thread, one
article per transaction, so one bad source or article never stops the pass. An article is
read once: its address is recorded, and a feed's entries already seen are not fetched again.
"""

import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
import trafilatura
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import outbound, workflow
from ..matching import find_matches
from ..models import (
    Appearance,
    Claim,
    InboxSentence,
    MonitoredItem,
    Source,
    WatchedSource,
    http_url_validator,
)
from .articles import (
    DEFAULT_THRESHOLD,
    MAX_ARTICLE_CHARS,
    detect_language,
    existing_speaker,
    speaker_for,
)
from .extraction import candidates as scored_sentences

TIMEOUT = 10  # seconds for one request, redirects included
MAX_BYTES = outbound.MAX_BYTES
WORKERS = 4  # requests in flight at once, each to a different host
MAX_ENTRIES = 50  # a feed's newest entries read per pass
FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


class ReadError(Exception):
    """A source or an article could not be read; the message says why, for editors."""


@dataclass
class Entry:
    """An article to read: a feed's entry, or a watched page itself."""

    url: str
    title: str = ""
    author: str = ""
    published_at: datetime | None = None
    html: bytes | None = None  # a watched page's body, already fetched


@dataclass
class Article:
    entry: Entry
    watched: WatchedSource
    text: str = ""
    error: str = ""


@dataclass
class Reading:
    """What reading one watched source gave."""

    watched: WatchedSource
    error: str = ""
    response: outbound.Response | None = None
    feed_title: str = ""
    entries: list = field(default_factory=list)


class _Hosts:
    """One request at a time per host, however many threads fetch."""

    def __init__(self):
        self._locks = defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def lock(self, url):
        with self._guard:
            return self._locks[(urlsplit(url).hostname or "").lower()]


def _fetch(hosts, url, etag="", last_modified="", accept="text/html"):
    """The response to a GET of ``url``, or ReadError saying why there is none to use."""
    try:
        with hosts.lock(url):
            response = outbound.request(
                url,
                headers={"Accept": accept},
                etag=etag,
                last_modified=last_modified,
                timeout=TIMEOUT,
                max_bytes=MAX_BYTES,
            )
    except outbound.OutboundError as failed:
        raise ReadError(str(failed)) from None
    if response.too_large:
        raise ReadError(
            _("The answer is larger than %(size)d MB; it was not read.")
            % {"size": MAX_BYTES // 2**20}
        )
    if not (response.ok or response.not_modified):
        raise ReadError(
            _("The server answered %(answer)s.")
            % {"answer": f"{response.status} {response.reason}".strip()}
        )
    return response


def _is_web_address(url):
    if len(url) > MonitoredItem._meta.get_field("url").max_length:
        return False
    try:
        http_url_validator(url)
    except ValidationError:
        return False
    return True


def _entry_time(entry):
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _feed_entries(body, url):
    """(feed title, entries) of an RSS or Atom document."""
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):
        raise ReadError(
            _("This is not an RSS or Atom feed (%(error)s).") % {"error": parsed.bozo_exception}
        )
    entries = [
        Entry(
            url=item.get("link", "").strip(),
            title=item.get("title", "")[:500],
            author=item.get("author", "")[:200],
            published_at=_entry_time(item),
        )
        for item in parsed.entries[:MAX_ENTRIES]
    ]
    return parsed.feed.get("title", ""), [entry for entry in entries if _is_web_address(entry.url)]


def _read_source(hosts, watched):
    """Fetch a watched source (only if it changed) and list the articles it offers."""
    reading = Reading(watched)
    accept = FEED_TYPES if watched.kind == WatchedSource.Kind.FEED else "text/html"
    try:
        response = _fetch(hosts, watched.url, watched.etag, watched.last_modified, accept)
        reading.response = response
        if response.not_modified:
            return reading
        if watched.kind == WatchedSource.Kind.FEED:
            reading.feed_title, reading.entries = _feed_entries(response.body, response.url)
        else:
            reading.entries = [Entry(url=watched.url, html=response.body)]
    except ReadError as failed:
        reading.error = str(failed)
    return reading


def _read_article(hosts, entry, watched):
    """The article's text (trafilatura, from the HTML bytes), fetching it unless in hand."""
    article = Article(entry, watched)
    try:
        html = entry.html if entry.html is not None else _fetch(hosts, entry.url).body
        document = trafilatura.bare_extraction(html, with_metadata=True)
        if document is None or not (document.text or "").strip():
            raise ReadError(_("No article text was found on the page."))
        article.text = document.text[:MAX_ARTICLE_CHARS]
        entry.title = entry.title or (document.title or "")[:500]
        entry.author = entry.author or (document.author or "")[:200]
        if entry.published_at is None and document.date:
            day = datetime.fromisoformat(document.date[:10])
            entry.published_at = day.replace(tzinfo=UTC)
    except ReadError as failed:
        article.error = str(failed)
    return article


@dataclass
class PassReport:
    """What a pass found: each new article with its candidates, and what failed."""

    items: list = field(default_factory=list)
    failures: list = field(default_factory=list)  # (address, error)

    def as_dict(self):
        return {"items": self.items}


def run_pass(urls=None):
    """Read every watched source, or those at ``urls`` (recorded, unwatched, when new), and
    return a :class:`PassReport`."""
    if urls:
        sources = [
            WatchedSource.objects.get_or_create(url=url, defaults={"active": False})[0]
            for url in urls
        ]
    else:
        sources = list(WatchedSource.objects.filter(active=True))
    hosts, report = _Hosts(), PassReport()
    with ThreadPoolExecutor(WORKERS) as pool:
        readings = list(pool.map(lambda watched: _read_source(hosts, watched), sources))
        seen = set(
            MonitoredItem.objects.filter(
                url__in=[entry.url for reading in readings for entry in reading.entries]
            ).values_list("url", flat=True)
        )
        # A watched page that changed is read again; a feed's seen entries never are.
        work = {}
        for reading in readings:
            for entry in reading.entries:
                if entry.html is not None or entry.url not in seen:
                    work.setdefault(entry.url, (entry, reading.watched))
        articles = list(pool.map(lambda pair: _read_article(hosts, *pair), work.values()))
    failed_by_source = defaultdict(list)
    for article in articles:
        if article.error:
            failed_by_source[article.watched.pk].append(article)
            report.failures.append((article.entry.url, article.error))
        else:
            item = _record_article(article)
            if item:
                report.items.append(item)
    for reading in readings:
        if reading.error:
            report.failures.append((reading.watched.url, reading.error))
        _record_reading(reading, failed_by_source[reading.watched.pk])
    return report


def _record_reading(reading, failed_articles):
    """Keep the source's validators and its error for the next pass and the desk."""
    watched = reading.watched
    fields = {"last_checked_at": timezone.now(), "last_error": reading.error}
    if failed_articles:
        first = failed_articles[0]
        count = len(failed_articles)
        fields["last_error"] = ngettext(
            "%(count)d article could not be read and will be tried again; %(url)s: %(error)s",
            "%(count)d articles could not be read and will be tried again; %(url)s: %(error)s",
            count,
        ) % {"count": count, "url": first.entry.url, "error": first.error}
    elif reading.response is not None and reading.response.ok:
        # Not while an article failed: the next pass must see its entry again.
        fields["etag"] = reading.response.etag[:500]
        fields["last_modified"] = reading.response.last_modified[:100]
    if reading.feed_title and not watched.name:
        fields["name"] = reading.feed_title[:200]
    for name, value in fields.items():
        setattr(watched, name, value)
    watched.save(update_fields=list(fields))


@transaction.atomic
def _record_article(article):
    """Store the article and its new candidate sentences, each with its matches proposed as
    appearances; the item's report, or None when nothing was new."""
    entry = article.entry
    item, created = MonitoredItem.objects.update_or_create(
        url=entry.url,
        defaults={
            "watched": article.watched,
            "title": entry.title,
            "author": entry.author,
            "published_at": entry.published_at,
            "text": article.text,
        },
    )
    known = set(item.sentences.values_list("fingerprint", flat=True))
    found = []
    for candidate in scored_sentences(article.text, detect_language(article.text)):
        fingerprint = InboxSentence.fingerprint_of(candidate.text)
        if candidate.score < DEFAULT_THRESHOLD or fingerprint in known:
            continue
        known.add(fingerprint)
        sentence = InboxSentence(
            item=item,
            text=candidate.text,
            fingerprint=fingerprint,
            start_offset=candidate.start,
            end_offset=candidate.end,
            score=round(candidate.score, 3),
            features=candidate.features,
            speaker_guess=candidate.speaker_guess,
            day=item.day,
        )
        for name, value in sentence.decision_of_copies().items():
            setattr(sentence, name, value)
        sentence.save()
        matches = _propose_appearances(sentence)
        found.append(
            {
                "text": sentence.text,
                "score": sentence.score,
                "speaker_guess": sentence.speaker_guess,
                "matches": [
                    {"slug": m.claim.slug, "similarity": m.score, "why": m.why} for m in matches
                ],
            }
        )
    if not (created or found):
        return None
    published = item.published_at.isoformat() if item.published_at else None
    return {"url": item.url, "title": item.title, "published": published, "candidates": found}


def _propose_appearances(sentence):
    """Propose ``sentence`` as an appearance of each published check it matches."""
    matches = find_matches(Claim.objects, sentence.text)
    item = sentence.item
    guess = sentence.speaker_guess
    for match in matches:
        Appearance.objects.get_or_create(
            claim=match.claim,
            url=item.url,
            defaults={
                "sentence": sentence,
                "text": sentence.text,
                "title": item.title,
                "speaker": existing_speaker(guess) if guess else None,
                "said_on": item.day,
                "similarity": match.score,
                "why": match.why,
            },
        )
    return matches


@transaction.atomic
def make_draft(sentence, user):
    """A draft claim from an inbox sentence, in a Source for its article (an existing one
    with the same address is reused); the sentence and its copies leave the inbox."""
    item = sentence.item
    source = Source.objects.filter(url=item.url).first() if item.url else None
    if source is None:
        source = Source.objects.create(
            title=item.title or item.url,
            url=item.url,
            publisher=item.watched.name if item.watched else "",
            author=item.author,
            published_at=item.published_at and timezone.localdate(item.published_at),
            text=item.text,
        )
    claim = Claim.objects.create(
        text=sentence.text,
        source=source,
        start_offset=sentence.start_offset,
        end_offset=sentence.end_offset,
        claim_date=item.published_at and timezone.localdate(item.published_at),
        check_worthiness=sentence.score,
        speaker=speaker_for(sentence.speaker_guess),
        researcher=None if workflow.is_editor(user) else user,
        notes=(
            f"Found by monitoring in {item.url}: score {sentence.score:.2f} "
            f"({', '.join(sentence.features) or 'no features'})."
        ),
    )
    sentence.decide(InboxSentence.Status.CLAIMED, user, claim)
    return claim
