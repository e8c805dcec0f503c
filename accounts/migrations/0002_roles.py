"""Create the five role groups with their permissions (idempotent; see accounts.roles)."""

from django.db import migrations

from accounts.roles import permissions_create, roles_setup


def forwards(apps, schema_editor):
    permissions_create(apps)
    roles_setup(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("history", "0001_initial"),
        ("layers", "0002_api_change_stamps"),
        ("inspections", "0001_initial"),
        ("routing", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
