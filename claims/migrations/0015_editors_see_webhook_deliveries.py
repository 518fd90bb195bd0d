"""Editors see the webhook deliveries and their last status."""

from django.db import migrations

from ._permissions import granting

GRANTS = {"Editor": ["view_webhookdelivery"]}


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_webhook_deliveries")]

    operations = [migrations.RunPython(granting(GRANTS), migrations.RunPython.noop)]
