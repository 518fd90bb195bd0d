from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checks"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import cache, search, signals

        cache.connect_signals()
        signals.connect()
        post_migrate.connect(search.install_after_migrate, sender=self)
        post_migrate.connect(render_missing, sender=self)
        post_migrate.connect(start_generation, sender=self)


def render_missing(using, **kwargs):
    """Cards and pages for checks published before they were stored, or forgotten since."""
    from django.db.models import Q

    from .models import Claim, Status

    claims = Claim.objects.using(using)
    claims.filter(card_html="").render_cards()
    claims.filter(Q(page_html="") | Q(status=Status.PUBLISHED, rss_entry="")).render_pages()


def start_generation(**kwargs):
    """A deploy runs ``migrate``: values cached by the previous code are not served again."""
    from . import cache

    cache.bump()
