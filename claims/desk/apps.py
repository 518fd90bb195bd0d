from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The editors' desk: the admin and its article import page."""

    name = "claims.desk"
    label = "desk"
    verbose_name = _("Editors' desk")
