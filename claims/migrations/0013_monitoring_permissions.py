"""Editors manage watched sources and confirm appearances; both roles work the inbox."""

from django.db import migrations

from ._permissions import granting

READ = [
    "view_watchedsource", "view_monitoreditem", "view_inboxsentence", "view_appearance",
    "view_recurringclaim",
]  # fmt: skip
GRANTS = {
    "Editor": READ
    + ["add_watchedsource", "change_watchedsource", "delete_watchedsource"]
    + ["change_inboxsentence", "change_appearance"],
    "Researcher": READ + ["change_inboxsentence"],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_monitoring_and_appearances")]

    operations = [migrations.RunPython(granting(GRANTS), migrations.RunPython.noop)]
