"""Editors see the background tasks that failed (mail, webhooks, link checks)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Editor": ["view_failedtask"]}


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
    dependencies = [("claims", "0011_assignments_and_notifications")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
