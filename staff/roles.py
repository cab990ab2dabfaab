"""Staff roles: Contributors, Editors, Moderators, each a group of permissions.

Each role is a group of model permissions across the apps, created by this
app's data migration and restored by `ensure_role_groups()`. What a
permission allows is each app's business (articles.permissions adds the
"only your own" rule that model permissions cannot say).
"""

from django.apps import apps as global_apps

from articles.permissions import EDIT_ANY_ARTICLE

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
MODERATORS = "Moderators"

_CRUD = ("add", "change", "delete", "view")
_COMMENT_MODERATION = [
    "comments.view_comment",
    "comments.change_comment",
    "comments.moderate_comment",
]

# Role name -> "app_label.codename" of every permission the group holds, exactly.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    CONTRIBUTORS: [
        *(f"articles.{action}_article" for action in _CRUD),
        "articles.add_tag",
        "articles.view_tag",
        "articles.view_category",
        "articles.view_contributor",
        "articles.change_contributor",
    ],
    EDITORS: [
        *(
            f"articles.{action}_{model}"
            for model in ("article", "category", "tag", "contributor")
            for action in _CRUD
        ),
        EDIT_ANY_ARTICLE,
        *_COMMENT_MODERATION,
        # To add contributors with a login, and pick a login for a byline.
        "auth.add_user",
        "auth.view_user",
    ],
    MODERATORS: [*_COMMENT_MODERATION, "articles.view_article"],
}


def ensure_role_groups(apps=global_apps) -> dict:
    """Create the role groups, or put them back, with exactly their permissions.

    Idempotent: a second run changes nothing, and a group whose permissions
    were edited by hand gets exactly its role's set back. `apps` is the
    migration's historical registry when called from a migration.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for name, wanted in ROLE_PERMISSIONS.items():
        permissions = []
        for label in wanted:
            app_label, codename = label.split(".")
            # A missing permission is a bug in this table: fail loudly.
            permissions.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups
