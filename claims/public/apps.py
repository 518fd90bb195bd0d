from django.apps import AppConfig


class PublicSiteConfig(AppConfig):
    """The readers' site: pages, feeds, sitemaps, open data and ClaimReview markup."""

    name = "claims.public"
    label = "public"
    verbose_name = "Public site"
