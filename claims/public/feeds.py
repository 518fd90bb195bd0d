"""RSS and Atom feeds of new checks; the list page's filters work as query parameters."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..models import Correction
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


def filter_errors(filterset):
    return "; ".join(
        f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
    )


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
        claims = filterset.qs.select_related("rating", "speaker").prefetch_related("topics")
        return claims[: settings.FACTCHECK_FEED_SIZE]

    def item_title(self, claim):
        return f"{claim.rating.name}: {claim.reviewed_text}"

    def item_description(self, claim):
        """Who said it and when, then the summary: a feed reader shows who made the claim
        without opening the page ("Kassym-Jomart Tokayev, 17 June 2022: …")."""
        said = claim.speaker.name
        if claim.claim_date:
            said = f"{said}, {date_format(claim.claim_date, 'j F Y')}"
        # Feed readers take the description as HTML: our plain text is escaped for it.
        return escape(f"{said}: {claim.summary or claim.ruling[:300]}")

    def item_pubdate(self, claim):
        return claim.published_at

    def item_updateddate(self, claim):
        return claim.updated_at

    def item_author_name(self, claim):
        return settings.FACTCHECK_ORG_NAME

    def item_categories(self, claim):
        return [claim.rating.name, *(topic.name for topic in claim.topics.all())]


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
