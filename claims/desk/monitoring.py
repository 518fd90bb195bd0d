"""The desk's side of monitoring: watched sources, the inbox of sentences found in them, and
the appearances of published checks the monitor proposes (registered from admin.py)."""

from django.contrib import admin

from ..models import WatchedSource


@admin.register(WatchedSource)
class WatchedSourceAdmin(admin.ModelAdmin):
    """Feeds and pages the monitor reads every ``FACTCHECK_MONITOR_MINUTES``."""

    list_display = ["__str__", "kind", "active", "last_checked_at", "last_error"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "url"]
    fields = ["name", "url", "kind", "active", "last_checked_at", "last_error"]
    readonly_fields = ["last_checked_at", "last_error"]
