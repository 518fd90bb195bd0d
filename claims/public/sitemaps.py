from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from ..models import Claim, Speaker
from .pagination import CachedCountPaginator


class CountedSitemap(Sitemap):
    """The index asks each section for its number of pages: counted once per data change."""

    @property
    def paginator(self):
        return CachedCountPaginator(self._items(), self.limit)


class ClaimSitemap(CountedSitemap):
    """Published checks, 5,000 per section page; ``/sitemap.xml`` is the index of the pages."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Claim.objects.listed().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, claim):
        return claim.updated_at

    def get_latest_lastmod(self):
        """For the sitemap index: one row through the index on updated_at, not every claim."""
        return (
            Claim.objects.listed().order_by("-updated_at").values_list("updated_at", flat=True)
        ).first()


class SpeakerSitemap(CountedSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        listed = Claim.objects.listed()
        # No lastmod: the latest change per speaker is an aggregate over every check.
        return Speaker.objects.filter(Exists(listed.filter(speaker=OuterRef("pk")))).order_by("pk")


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["claims:home", "claims:list", "claims:methodology"]

    def location(self, name):
        return reverse(name)


sitemaps = {"claims": ClaimSitemap, "speakers": SpeakerSitemap, "pages": PageSitemap}
