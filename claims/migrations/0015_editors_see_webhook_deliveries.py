"""Editors see the webhook deliveries and their last status."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Editor": ["view_webhookdelivery"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.get(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_webhook_deliveries")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
