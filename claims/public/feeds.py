"""RSS and Atom feeds of new checks; the list page's filters work as query parameters."""

import re
from io import StringIO
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from ..models import Claim, Correction
from . import conditional
from .filters import ClaimFilter

# Characters XML 1.0 cannot carry at all; Django refuses to write them (an error page).
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(value):
    if isinstance(value, str):
        return XML_UNSAFE.sub("", value)
    if isinstance(value, list | tuple):
        return [xml_safe(item) for item in value]
    return value


class XmlSafeFeedMixin:
    """Drops control characters from everything written to the feed, from any hook."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})


class RssFeedType(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class AtomFeedType(XmlSafeFeedMixin, Atom1Feed):
    pass


def check_entry(claim):
    """What the checks' feeds say of a listed check (loaded with its rating and topics)."""
    link = claim.get_absolute_url()  # a path: made absolute for each request
    return {
        "title": xml_safe(f"{claim.rating.name}: {claim.reviewed_text}"),
        "link": link,
        "unique_id": link,
        # Feed readers take the description as HTML: our plain text must be escaped for it.
        "description": xml_safe(escape(claim.summary or claim.ruling[:300])),
        "pubdate": claim.published_at,
        "updateddate": claim.updated_at,
        "author_name": xml_safe(settings.FACTCHECK_ORG_NAME),
        "categories": xml_safe([claim.rating.name, *(topic.name for topic in claim.topics.all())]),
    }


def render_entries(claim):
    """{field: XML} of a listed check's RSS item and Atom entry, as ``Claim`` stores them."""
    item = check_entry(claim)
    entries = {}
    for feed_type in (StoredRssFeed, StoredAtomFeed):
        feed = feed_type.entry_writer(title="", link="", description="")
        feed.add_item(**item)
        out = StringIO()
        feed.write_items(SimplerXMLGenerator(out, "utf-8", short_empty_elements=True))
        entries[feed_type.entry_field] = out.getvalue()
    return entries


class StoredEntriesMixin:
    """Writes the entries stored with each check (``render_entries``) as they are: a feed is
    then one query and a join, not thirty entries built per request.

    Stored entries link to paths; ``absolute`` puts the site's origin before each path that
    follows one of ``link_starts``. Text is escaped in XML (``<`` is ``&lt;``), so they match
    only the elements Django wrote."""

    entries = ()
    latest = None
    link_starts = ()

    @classmethod
    def absolute(cls, entry, origin):
        for start in cls.link_starts:
            entry = entry.replace(f"{start}/", f"{start}{origin}/")
        return entry

    def write_items(self, handler):
        for entry in self.entries:
            handler.ignorableWhitespace(entry)  # written unescaped: XML we wrote and stored

    def latest_post_date(self):
        return self.latest or super().latest_post_date()


class StoredRssFeed(StoredEntriesMixin, RssFeedType):
    entry_field = "rss_entry"
    entry_writer = Rss201rev2Feed
    link_starts = ("<link>", "<guid>")


class StoredAtomFeed(StoredEntriesMixin, AtomFeedType):
    entry_field = "atom_entry"
    entry_writer = Atom1Feed
    link_starts = ('<link href="', "<id>")


def filter_errors(filterset):
    return "; ".join(
        f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
    )


class ConditionalFeed(Feed):
    """Answers 304 when nothing public changed since the reader's copy."""

    feed_type = RssFeedType

    @method_decorator(conditional.public_data)
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)


class ChecksFeed(ConditionalFeed):
    description = "The latest published fact-checks, newest first."
    feed_type = StoredRssFeed

    def __call__(self, request, *args, **kwargs):
        request.claim_filter = ClaimFilter(request.GET)  # one feed instance serves every request
        if not request.claim_filter.is_valid():
            return HttpResponseBadRequest(
                f"Invalid filter: {filter_errors(request.claim_filter)}\n",
                content_type="text/plain",
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return request.claim_filter

    def title(self, filterset):
        shown = ", ".join(str(value) for _, value, _ in filterset.active_filters())
        name = f"{settings.FACTCHECK_ORG_NAME}: fact-checks"
        return f"{name} ({shown})" if shown else name

    def link(self, filterset):
        query = filterset.data.urlencode()
        return reverse("claims:list") + (f"?{query}" if query else "")

    def items(self, filterset):
        return ()  # the entries are stored with each check: see get_feed

    def get_feed(self, filterset, request):
        feed = super().get_feed(filterset, request)  # the channel, written by Django
        field = self.feed_type.entry_field
        rows = list(
            filterset.qs.values_list("pk", "updated_at", field)[: settings.FACTCHECK_FEED_SIZE]
        )
        # Entries forgotten after an edit to something they show are written now.
        written = {}
        if forgotten := [pk for pk, _, entry in rows if not entry]:
            claims = Claim.objects.filter(pk__in=forgotten).select_related("rating")
            for claim in claims.prefetch_related("topics"):
                written[claim.pk] = render_entries(claim)[field]
        origin = xml_escape(f"{request.scheme}://{request.get_host()}")
        feed.entries = [feed.absolute(entry or written[pk], origin) for pk, _, entry in rows]
        feed.latest = max((updated for _, updated, _ in rows), default=None)
        return feed


class ChecksAtomFeed(ChecksFeed):
    feed_type = StoredAtomFeed

    def subtitle(self, filterset):
        return self.description


class CorrectionsFeed(ConditionalFeed):
    description = "Corrections, updates and retractions of our fact-checks, newest first."

    def title(self):
        return f"{settings.FACTCHECK_ORG_NAME}: corrections"

    def link(self):
        return reverse("claims:corrections")

    def items(self):
        return Correction.objects.public().for_list()[: settings.FACTCHECK_FEED_SIZE]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.claim.reviewed_text}"

    def item_description(self, correction):
        return escape(correction.text)

    def item_pubdate(self, correction):
        return correction.at
