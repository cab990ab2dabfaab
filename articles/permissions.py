"""Who may change which articles and profiles: the ownership rules.

Permission checks never look at group names (the roles are staff.roles):
they ask `user.has_perm(...)`, so a user holding several groups gets the sum
of their rights, and a superuser gets everything.

Model permissions cannot say "only your own": that rule lives here. Someone
who writes articles (may add, change or delete them) without
`articles.edit_any_article` works on the articles under their own contributor
profile, and edits that profile only. Staff who may only view articles (the
moderators, who need the article behind a comment) read them all.
"""

EDIT_ANY_ARTICLE = "articles.edit_any_article"


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
