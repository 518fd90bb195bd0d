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
        post_migrate.connect(render_missing_cards, sender=self)
        post_migrate.connect(start_generation, sender=self)


def render_missing_cards(using, **kwargs):
    """Cards for checks published before cards were stored (or loaded without them)."""
    from .models import Claim

    Claim.objects.using(using).filter(card_html="").render_cards()


def start_generation(**kwargs):
    """A deploy runs ``migrate``: values cached by the previous code are not served again."""
    from . import cache

    cache.bump()
