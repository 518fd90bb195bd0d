"""What the migrations that grant roles share (a name starting with "_" is not a migration)."""

from django.contrib.auth.management import create_permissions


def granting(grants):
    """A ``RunPython`` function giving each group in ``grants`` ({group name: [codename, …]})
    those permissions of the claims app, created first for models the migration adds."""

    def grant(apps, schema_editor):
        app_config = apps.get_app_config("claims")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for name, codenames in grants.items():
            group = Group.objects.get(name=name)
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
            )

    return grant
