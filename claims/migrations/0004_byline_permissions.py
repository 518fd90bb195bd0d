"""Editors manage bylines; everyone on staff may see them."""

from django.db import migrations

from ._permissions import granting

GRANTS = {
    "Editor": ["view_byline", "add_byline", "change_byline", "delete_byline"],
    "Researcher": ["view_byline"],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_transparency")]

    operations = [migrations.RunPython(granting(GRANTS), migrations.RunPython.noop)]
