import pytest
from django.contrib.auth.models import Permission


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
