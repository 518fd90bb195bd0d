from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checks"

    def ready(self):
        from . import cache

        cache.connect_signals()
