from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicSiteConfig(AppConfig):
    """The readers' site: pages, feeds, sitemaps, open data and ClaimReview markup."""

    name = "claims.public"
    label = "public"
    verbose_name = _("Public site")
