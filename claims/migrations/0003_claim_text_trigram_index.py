"""Trigram similarity for "already checked?": pg_trgm and a GIN index on PostgreSQL only.

TrigramExtension does nothing on other databases; the index is created by hand so that
SQLite, which has no GIN indexes, migrates too.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "claim_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin (text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_rating_scale_and_roles")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
