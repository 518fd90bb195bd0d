from django.conf import settings
from django.db import migrations, models

from claims import search


def install_search(apps, schema_editor):
    search.install(schema_editor.connection)


def remove_search(apps, schema_editor):
    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    """A full-text index of claims (vendor-specific, see claims/search.py), indexes for the
    editors' desk (claims by last change) and for deep pages of the public lists."""

    dependencies = [
        ('claims', '0005_claim_text_trigram_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_status_published',
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['status', '-published_at', '-id'], name='claim_status_published'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['-updated_at', '-id'], name='claim_updated'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['status', '-updated_at', '-id'], name='claim_status_updated'),
        ),
        migrations.RunPython(install_search, remove_search),
    ]
