"""Once the staff role groups; now done by staff.migrations.0001_role_groups.

Kept, empty, because later migrations of this app follow it, and databases
that applied it must find it. The groups are the staff app's: they span
articles, comments and auth, and this app depends on no other.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_edit_any_permission"),
    ]

    operations = []
