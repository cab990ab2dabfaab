from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from comments.models import Comment


@pytest.fixture
def comment_staff(django_user_model):
    """Make a staff user holding exactly these comments permissions."""

    def make(username, *codenames, **fields):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@newsroom.example",
            password="pass-123-word",
            is_staff=True,
            **fields,
        )
        user.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="comments", codename__in=codenames
            )
        )
        return user

    return make


@pytest.fixture
def moderator(comment_staff):
    return comment_staff(
        "moderator", "view_comment", "change_comment", "moderate_comment"
    )


@pytest.fixture
def moderators(django_user_model):
    """Who gets held-comment emails, and some who look close but do not."""
    permission = Permission.objects.get(codename="moderate_comment")
    view = Permission.objects.get(codename="view_comment")
    # Not the Moderators role group (a migration creates that one): a group
    # holding just the two permissions that matter here.
    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(permission, view)
    boss = django_user_model.objects.create_superuser(
        "boss", "boss@newsroom.example", "pass-123-word"
    )
    direct = django_user_model.objects.create_user(
        "direct", "direct@newsroom.example", "pass-123-word", is_staff=True
    )
    direct.user_permissions.add(permission, view)
    grouped = django_user_model.objects.create_user(
        "grouped", "grouped@newsroom.example", "pass-123-word", is_staff=True
    )
    grouped.groups.add(group)
    # None of these gets an email:
    django_user_model.objects.create_superuser(
        "retired", "retired@newsroom.example", "pass-123-word", is_active=False
    )
    django_user_model.objects.create_superuser("mailless", "", "pass-123-word")
    django_user_model.objects.create_user(
        "editor", "editor@newsroom.example", "pass-123-word", is_staff=True
    )
    not_staff = django_user_model.objects.create_user(
        "reader", "reader@newsroom.example", "pass-123-word"
    )
    not_staff.user_permissions.add(permission, view)
    # Moderating without the right to view comments: could not open the link.
    blind = django_user_model.objects.create_user(
        "blind", "blind@newsroom.example", "pass-123-word", is_staff=True
    )
    blind.user_permissions.add(permission)
    return [boss, direct, grouped]


@pytest.fixture
def viewer(comment_staff):
    """Staff who may look at comments, but not moderate them."""
    return comment_staff("viewer", "view_comment")


@pytest.fixture
def make_comment(db):
    """Store a comment as the reader form would have, `minutes_ago` old."""

    def make(article, *, minutes_ago=10, **fields):
        fields.setdefault("name", "Rita Reader")
        fields.setdefault("email", "rita@example.net")
        fields.setdefault("body", "A thoughtful comment.")
        fields.setdefault("ip_address", "192.0.2.10")
        fields.setdefault("user_agent", "Mozilla/5.0 Firefox/130.0")
        if fields.get("parent"):
            fields.setdefault("depth", fields["parent"].depth + 1)
        comment = Comment.objects.create(article=article, **fields)
        created_at = timezone.now() - timedelta(minutes=minutes_ago)
        Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
        comment.refresh_from_db()
        return comment

    return make
