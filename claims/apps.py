from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checks"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import cache, search

        cache.connect_signals()
        post_migrate.connect(search.install_after_migrate, sender=self)
