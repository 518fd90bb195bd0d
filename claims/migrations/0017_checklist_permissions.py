"""Editors keep the checklist; everyone on staff sees it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editor": [
        "view_checklistitem", "add_checklistitem", "change_checklistitem",
        "delete_checklistitem",
    ],
    "Researcher": ["view_checklistitem"],
}


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
    dependencies = [("claims", "0016_checklists_and_comments")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
