"""RSS and Atom feeds of new checks; the list page's filters work as query parameters."""

import io
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..models import Claim, Correction
from . import cache
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


class WrittenWholeMixin:
    """Writes the feed to the response in one piece: the XML writer's hundreds of small
    writes would each be a chunk of the response, sent one by one by the server."""

    def write(self, outfile, encoding):
        document = io.StringIO()
        super().write(document, encoding)
        outfile.write(document.getvalue())


class RssFeedType(WrittenWholeMixin, XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class AtomFeedType(WrittenWholeMixin, XmlSafeFeedMixin, Atom1Feed):
    pass


def filter_errors(filterset):
    return "; ".join(
        f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
    )


@dataclass(frozen=True)
class Entry:
    """What a check's entry in a feed shows, built once per generation and language."""

    title: str
    description: str
    link: str
    pubdate: datetime
    updateddate: datetime
    categories: list

    @classmethod
    def of(cls, claim):
        said = claim.speaker.name
        if claim.claim_date:
            said = f"{said}, {date_format(claim.claim_date, 'j F Y')}"
        return cls(
            title=f"{claim.rating.name}: {claim.reviewed_text}",
            # Who said it and when, then the summary, so a feed reader shows who made the
            # claim ("Kassym-Jomart Tokayev, 17 June 2022: …"); escaped, as readers take the
            # description as HTML.
            description=escape(f"{said}: {claim.summary or claim.ruling[:300]}"),
            link=claim.get_absolute_url(),
            pubdate=claim.published_at,
            updateddate=claim.updated_at,
            categories=[claim.rating.name, *(topic.name for topic in claim.topic_list)],
        )


# What an entry shows.
ENTRY_FIELDS = (
    "slug", "text", "claim_reviewed", "summary", "ruling", "claim_date", "published_at",
    "updated_at", "speaker__name", "rating__name",
)  # fmt: skip


def entries(pks):
    """The feed entries of the checks ``pks``, in that order."""

    def build(missing):
        claims = Claim.objects.filter(pk__in=missing).select_related("rating", "speaker")
        claims = claims.with_topics().only(*ENTRY_FIELDS)
        return {claim.pk: Entry.of(claim) for claim in claims}

    return cache.get_or_build_each(f"feed-entry:{get_language()}", pks, build)


class ChecksFeed(Feed):
    description = gettext_lazy("The latest published fact-checks, newest first.")
    feed_type = RssFeedType

    def __call__(self, request, *args, **kwargs):
        request.claim_filter = ClaimFilter(request.GET)  # one feed instance serves every request
        if not request.claim_filter.is_valid():
            return HttpResponseBadRequest(
                _("Invalid filter: %(errors)s") % {"errors": filter_errors(request.claim_filter)}
                + "\n",
                content_type="text/plain",
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return request.claim_filter

    def title(self, filterset):
        shown = ", ".join(str(value) for _, value, _ in filterset.active_filters())
        name = _("%(org)s: fact-checks") % {"org": settings.FACTCHECK_ORG_NAME}
        return f"{name} ({shown})" if shown else name

    def link(self, filterset):
        query = filterset.data.urlencode()
        return reverse("claims:list") + (f"?{query}" if query else "")

    def items(self, filterset):
        pks = filterset.qs.values_list("pk", flat=True)[: settings.FACTCHECK_FEED_SIZE]
        return entries(list(pks))

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.pubdate

    def item_updateddate(self, entry):
        return entry.updateddate

    def item_author_name(self, entry):
        return settings.FACTCHECK_ORG_NAME

    def item_categories(self, entry):
        return entry.categories


class ChecksAtomFeed(ChecksFeed):
    feed_type = AtomFeedType

    def subtitle(self, filterset):
        return self.description


class CorrectionsFeed(Feed):
    description = gettext_lazy(
        "Corrections, updates and retractions of our fact-checks, newest first."
    )
    feed_type = RssFeedType

    def title(self):
        return _("%(org)s: corrections") % {"org": settings.FACTCHECK_ORG_NAME}

    def link(self):
        return reverse("claims:corrections")

    def items(self):
        corrections = Correction.objects.public().in_language(get_language()).for_list()
        return corrections[: settings.FACTCHECK_FEED_SIZE]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.claim.reviewed_text}"

    def item_description(self, correction):
        return escape(correction.text)

    def item_pubdate(self, correction):
        return correction.at
