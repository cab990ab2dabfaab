"""Staff roles: the groups that hold them, and the ownership rules around them.

Each role is a group of model permissions, created by a data migration and
restored by `ensure_role_groups()`. Permission checks never look at group
names: they ask `user.has_perm(...)`, so a user holding several groups gets
the sum of their rights, and a superuser gets everything.

Model permissions cannot say "only your own": that rule lives here. Someone
who writes articles (may add, change or delete them) without
`articles.edit_any_article` works on the articles under their own contributor
profile, and edits that profile only. Staff who may only view articles (the
moderators, who need the article behind a comment) read them all.
"""

from django.apps import apps as global_apps

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
MODERATORS = "Moderators"

EDIT_ANY_ARTICLE = "articles.edit_any_article"

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


def can_edit_any_article(user) -> bool:
    """The desk's right: anyone's articles and bylines, and every profile."""
    return user.has_perm(EDIT_ANY_ARTICLE)


def writes_own_articles_only(user) -> bool:
    """Whether the articles admin shows and changes this user's own work only."""
    if can_edit_any_article(user):
        return False
    return any(
        user.has_perm(f"articles.{action}_article")
        for action in ("add", "change", "delete")
    )


def edits_own_profile_only(user) -> bool:
    return not can_edit_any_article(user)


def own_profile(user):
    """The user's contributor profile, or None (a login may have none)."""
    from .models import Contributor

    if not user.is_authenticated:
        return None
    return Contributor.objects.filter(user=user).first()


def is_own_article(user, article) -> bool:
    return (
        user.is_authenticated
        and article.contributor_id is not None
        and article.contributor.user_id == user.pk
    )


def can_edit_article(user, article) -> bool:
    """May `user` change or delete `article` (model permission and ownership)?"""
    if not user.has_perm("articles.change_article"):
        return False
    return can_edit_any_article(user) or is_own_article(user, article)
