from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from .models import Claim, Speaker


class ClaimSitemap(Sitemap):
    """Published checks, 5,000 per section page; ``/sitemap.xml`` is the index of the pages."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Claim.objects.listed().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, claim):
        return claim.updated_at

    def get_latest_lastmod(self):
        """For the sitemap index, in one query rather than by loading every claim."""
        return Claim.objects.listed().aggregate(latest=Max("updated_at"))["latest"]


class SpeakerSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        listed = Claim.objects.listed()
        return (
            Speaker.objects.filter(Exists(listed.filter(speaker=OuterRef("pk"))))
            .annotate(last_change=Max("claims__updated_at"))
            .order_by("pk")
        )

    def lastmod(self, speaker):
        return speaker.last_change

    def get_latest_lastmod(self):
        return Claim.objects.listed().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["claims:home", "claims:list", "claims:methodology"]

    def location(self, name):
        return reverse(name)


sitemaps = {"claims": ClaimSitemap, "speakers": SpeakerSitemap, "pages": PageSitemap}
