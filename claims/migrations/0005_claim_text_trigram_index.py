"""Trigram similarity for "already checked?": pg_trgm and a GIN index on PostgreSQL only.

The extension and the index are skipped on other databases (SQLite has neither), both
ways: Django's TrigramExtension skips them only when migrating forwards.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "claim_text_trgm"


class PostgresOnlyTrigramExtension(TrigramExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin (text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_byline_permissions")]

    operations = [
        PostgresOnlyTrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
