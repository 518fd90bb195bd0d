"""Editors keep the checklist; everyone on staff sees it."""

from django.db import migrations

from ._permissions import granting

GRANTS = {
    "Editor": [
        "view_checklistitem", "add_checklistitem", "change_checklistitem",
        "delete_checklistitem",
    ],
    "Researcher": ["view_checklistitem"],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0016_checklists_and_comments")]

    operations = [migrations.RunPython(granting(GRANTS), migrations.RunPython.noop)]
