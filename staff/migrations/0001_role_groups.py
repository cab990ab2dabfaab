"""Create the staff role groups: Contributors, Editors, Moderators.

Permissions are normally created after `migrate` finishes (post_migrate), too
late for this migration on a fresh database: create them here first. The
groups come from `staff.roles.ensure_role_groups`, which is idempotent, so
re-running this migration (or that function) leaves exactly the same groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from staff.roles import ensure_role_groups

ROLE_APPS = ["auth", "articles", "comments"]


def create_role_groups(apps, schema_editor):
    for label in ROLE_APPS:
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module, and create_permissions
        # skips apps without one.
        app_config.models_module = True
        try:
            create_permissions(
                app_config,
                verbosity=0,
                apps=apps,
                using=schema_editor.connection.alias,
            )
        finally:
            app_config.models_module = None
    ensure_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_role_groups"),
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Going back leaves the groups: they may hold people by then.
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
