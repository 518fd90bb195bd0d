from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Newsroom intake: checkable sentences found in articles and transcripts."""

    name = "claims.intake"
    label = "intake"
    verbose_name = "Intake"
