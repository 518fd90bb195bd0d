"""Editors see the background tasks that failed (mail, webhooks, link checks)."""

from django.db import migrations

from ._permissions import granting

GRANTS = {"Editor": ["view_failedtask"]}


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_assignments_and_notifications")]

    operations = [migrations.RunPython(granting(GRANTS), migrations.RunPython.noop)]
