from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Fact-checks")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import notifications, revisions, search, visibility

        visibility.connect()
        notifications.connect()
        post_migrate.connect(search.install_after_migrate, sender=self)
        post_migrate.connect(revisions.install_after_migrate, sender=self)
        post_migrate.connect(start_generation, sender=self)


def start_generation(**kwargs):
    """A deploy runs ``migrate``: pages cached by the previous code are not served again."""
    from . import visibility

    visibility.bump()
