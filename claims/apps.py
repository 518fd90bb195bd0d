from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checks"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import revisions, search, visibility

        visibility.connect()
        post_migrate.connect(search.install_after_migrate, sender=self)
        post_migrate.connect(revisions.install_after_migrate, sender=self)
        post_migrate.connect(start_generation, sender=self)


def start_generation(**kwargs):
    """A deploy runs ``migrate``: pages cached by the previous code are not served again."""
    from . import visibility

    visibility.bump()
