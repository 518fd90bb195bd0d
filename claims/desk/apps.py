from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editors' desk: the admin and its article import page."""

    name = "claims.desk"
    label = "desk"
    verbose_name = "Editors' desk"
