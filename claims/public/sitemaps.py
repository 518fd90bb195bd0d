from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation

from ..models import Claim, Speaker
from .pagination import CachedCountPaginator


class CountedSitemap(Sitemap):
    """The index asks each section for its number of pages: counted once per data change."""

    @property
    def paginator(self):
        return CachedCountPaginator(self._items(), self.limit, list_key=self.list_key)

    @property
    def list_key(self):
        """The section's name for its cached count (cheaper than its SQL)."""
        return f"sitemap:{type(self).__name__}:{getattr(self, 'language', '')}"


class ClaimSitemap(CountedSitemap):
    """Published checks in one language, 5,000 per section page, each with the addresses of
    its versions in other languages (``xhtml:link``); ``/sitemap.xml`` is the index."""

    changefreq = "weekly"
    limit = 5000

    def __init__(self, language=settings.LANGUAGE_CODE):
        self.language = language

    def items(self):
        claims = Claim.objects.listed().in_language(self.language)
        claims = claims.only("slug", "updated_at").with_languages()
        return claims.order_by("-published_at", "-pk")

    def location(self, claim):
        with translation.override(self.language):
            return claim.get_absolute_url()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            claim = url["item"]
            if len(claim.languages) > 1:
                for language in claim.languages:
                    with translation.override(language):
                        location = f"{protocol}://{domain}{claim.get_absolute_url()}"
                    url["alternates"].append({"location": location, "lang_code": language})
        return urls

    def lastmod(self, claim):
        return claim.updated_at

    def get_latest_lastmod(self):
        """For the sitemap index: one row through the index on updated_at, not every claim."""
        claims = Claim.objects.listed().in_language(self.language).order_by("-updated_at")
        return claims.values_list("updated_at", flat=True).first()


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


sitemaps = {
    "claims": ClaimSitemap(),
    **{f"claims-{code}": ClaimSitemap(code) for code, _name in settings.LANGUAGES[1:]},
    "speakers": SpeakerSitemap,
    "pages": PageSitemap,
}
