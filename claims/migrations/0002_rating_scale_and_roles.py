"""The default rating scale and the Researcher and Editor groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RATINGS = [
    ("True", "true", 5, "#1a7f37",
     "The claim is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "#4d9a2a",
     "The claim is accurate but needs clarification or a detail is wrong."),
    ("Half true", "half-true", 3, "#b08800",
     "The claim is partly accurate but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 2, "#c4511a",
     "The claim contains an element of truth but ignores facts that would give a different impression."),
    ("False", "false", 1, "#b3261e",
     "The claim is not accurate."),
    ("Unproven", "unproven", None, "#5b6670",
     "The evidence available does not allow a verdict either way. Off the scale."),
]  # fmt: skip

RESEARCHER_PERMISSIONS = [
    "view_claim", "add_claim", "change_claim", "submit_claim",
    "view_evidence", "add_evidence", "change_evidence", "delete_evidence",
    "view_source", "add_source", "change_source",
    "view_speaker", "add_speaker", "change_speaker",
    "view_topic", "add_topic",
    "view_rating", "view_reviewevent", "view_correction", "view_page",
]  # fmt: skip
EDITOR_PERMISSIONS = RESEARCHER_PERMISSIONS + [
    "review_claim", "publish_claim", "correct_claim", "delete_claim",
    "change_topic", "delete_topic", "delete_source", "delete_speaker",
    "add_rating", "change_rating", "add_page", "change_page", "delete_page",
]  # fmt: skip


def seed(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for name, slug, value, colour, description in RATINGS:
        Rating.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "value": value, "colour": colour, "description": description},
        )

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in [
        ("Researcher", RESEARCHER_PERMISSIONS),
        ("Editor", EDITOR_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
