"""RSS and Atom feeds of new checks; the list page's filters work as query parameters."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed

from . import conditional
from .filters import ClaimFilter
from .models import Correction


def filter_errors(filterset):
    return "; ".join(
        f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
    )


class ConditionalFeed(Feed):
    """Answers 304 when nothing public changed since the reader's copy."""

    @method_decorator(conditional.public_data)
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)


class ChecksFeed(ConditionalFeed):
    description = "The latest published fact-checks, newest first."

    def __call__(self, request, *args, **kwargs):
        filterset = ClaimFilter(request.GET)
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                f"Invalid filter: {filter_errors(filterset)}\n", content_type="text/plain"
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return ClaimFilter(request.GET)

    def title(self, filterset):
        shown = ", ".join(str(value) for _, value, _ in filterset.active_filters())
        name = f"{settings.FACTCHECK_ORG_NAME}: fact-checks"
        return f"{name} ({shown})" if shown else name

    def link(self, filterset):
        query = filterset.data.urlencode()
        return reverse("claims:list") + (f"?{query}" if query else "")

    def items(self, filterset):
        return filterset.qs.prefetch_related("topics")[: settings.FACTCHECK_FEED_SIZE]

    def item_title(self, claim):
        return f"{claim.rating.name}: {claim.reviewed_text}"

    def item_description(self, claim):
        return claim.summary or claim.ruling[:300]

    def item_pubdate(self, claim):
        return claim.published_at

    def item_updateddate(self, claim):
        return claim.updated_at

    def item_author_name(self):
        return settings.FACTCHECK_ORG_NAME

    def item_categories(self, claim):
        return [claim.rating.name, *(topic.name for topic in claim.topics.all())]


class ChecksAtomFeed(ChecksFeed):
    feed_type = Atom1Feed

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
        return correction.text

    def item_pubdate(self, correction):
        return correction.at
