from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Newsroom intake: checkable sentences found in articles and transcripts."""

    name = "claims.intake"
    label = "intake"
    verbose_name = _("Intake")
