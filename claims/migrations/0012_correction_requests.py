"""Requests for correction that editors send after a check, with their outcomes."""

import django.db.models.deletion
from django.db import migrations, models

import claims.models

from ._permissions import granting

GRANTS = {
    "Editor": [
        "view_correctionrequest", "add_correctionrequest", "change_correctionrequest",
        "delete_correctionrequest",
    ],
    "Researcher": ["view_correctionrequest"],
}  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_merge_stored_renderings_and_tasks")]

    operations = [
        migrations.CreateModel(
            name="CorrectionRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("asked", models.CharField(help_text="The person or outlet, e.g. “Daily Planet”.", max_length=200, verbose_name="whom we asked")),
                ("channel", models.CharField(choices=[("email", "Email"), ("letter", "Letter"), ("social", "Social media")], default="email", max_length=10, verbose_name="how")),
                ("asked_on", models.DateField(verbose_name="when")),
                ("outcome", models.CharField(choices=[("pending", "Pending"), ("corrected", "Corrected"), ("clarified", "Clarified"), ("declined", "Declined"), ("no_reply", "No reply")], default="pending", max_length=10)),
                ("correction_url", claims.models.HttpURLField(blank=True, help_text="Where they corrected or clarified it.", max_length=2000, verbose_name="link to their correction")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("claim", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="correction_requests", to="claims.claim")),
            ],
            options={"ordering": ["asked_on", "pk"]},
        ),
        migrations.RunPython(granting(GRANTS), migrations.RunPython.noop),
    ]
