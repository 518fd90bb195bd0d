from django.db import migrations

from claims import search


def reinstall_search(apps, schema_editor):
    """The index again, over the claim's texts in every language."""
    search.uninstall(schema_editor.connection)
    search.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_claim_language_and_translations")]

    operations = [migrations.RunPython(reinstall_search, migrations.RunPython.noop)]
