"""Erasing a commenter's personal data leaves one kind of record, whoever erases.

`services.comment_erase` writes each erased comment's history (the admin's
LogEntry); the admin action and the `comments_erase` command both go through it.
The command records the moderator named by --actor, or else an inactive
"system" account.
"""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_erase

CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.fixture
def authors(make_article):
    """Two comments by Rita, one by Bo, and a reply by Sam, on one article."""
    article = make_article(title="Budget day", slug="budget-day")

    def comment(name, email, **fields):
        return Comment.objects.create(
            article=article,
            name=name,
            email=email,
            body=f"{name} says hello.",
            ip_address="192.0.2.10",
            user_agent="Firefox/130.0",
            status=Comment.Status.APPROVED,
            **fields,
        )

    rita = comment("Rita Reader", "rita@example.net")
    return {
        "rita": [rita, comment("Rita R.", "Rita@Example.NET")],
        "bo": [comment("Bo", "bo@example.org")],
        "sam": comment("Sam", "sam@example.org", parent=rita, depth=2),
    }


def history(comments) -> list[tuple]:
    """Each comment's history, told apart by nothing but the comment itself."""
    entries = LogEntry.objects.filter(
        object_id__in=[str(comment.pk) for comment in comments]
    ).order_by("object_id")
    return [
        (
            entry.user.get_username(),
            entry.content_type.model_class(),
            entry.action_flag,
            entry.object_repr,
            entry.get_change_message(),
        )
        for entry in entries
    ]


def erase_in_admin(client, user, comment, **extra):
    client.force_login(user)
    client.post(
        CHANGELIST + "?status=all",
        {
            "action": "erase_personal_data",
            ACTION_CHECKBOX_NAME: [comment.pk],
            "post": "yes",
            **extra,
        },
    )


def erase_command(*args) -> str:
    out = io.StringIO()
    call_command("comments_erase", *args, "--yes", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("admin_extra", "command_extra", "message"),
    [
        ({}, [], "Erased the author's personal data."),
        (
            {"delete_text": "on"},
            ["--delete-text"],
            "Erased the author's personal data and text.",
        ),
    ],
)
def test_the_command_records_the_same_history_as_the_admin_action(
    client, moderator, authors, admin_extra, command_extra, message
):
    erase_in_admin(client, moderator, authors["rita"][0], **admin_extra)
    erase_command("bo@example.org", "--actor", "moderator", *command_extra)

    by_admin = history(authors["rita"])
    by_command = history(authors["bo"])

    expected = ("moderator", Comment, CHANGE, "Anonymous on Budget day", message)
    assert by_admin == [expected, expected]
    assert by_command == [expected]
    assert history([authors["sam"]]) == []


@pytest.mark.django_db
def test_the_command_without_actor_records_an_inactive_system_account(
    authors, django_user_model
):
    erase_command("rita@example.net")
    erase_command("bo@example.org")

    system = django_user_model.objects.get(username="system")
    assert (system.is_active, system.is_staff, system.has_usable_password()) == (
        False,
        False,
        False,
    )
    assert [entry[0] for entry in history([*authors["rita"], *authors["bo"]])] == [
        "system",
        "system",
        "system",
    ]


@pytest.mark.django_db
def test_a_system_account_someone_can_log_in_with_is_not_borrowed(
    authors, django_user_model
):
    django_user_model.objects.create_user("system", password="a-real-password")

    with pytest.raises(CommandError) as error:
        erase_command("bo@example.org")

    assert str(error.value) == (
        "The account 'system' is a real login, so erasures are not recorded "
        "under it: pass --actor USERNAME."
    )
    assert Comment.objects.get(pk=authors["bo"][0].pk).name == "Bo"
    assert LogEntry.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (
            "nobody",
            "--actor: there is no user called 'nobody'. Give the username of the "
            "moderator who handles this erasure request.",
        ),
        (
            "",
            "--actor: there is no user called ''. Give the username of the "
            "moderator who handles this erasure request.",
        ),
        ("gone", "--actor: the account 'gone' is deactivated."),
        (
            "viewer",
            "--actor: 'viewer' may not moderate comments (it needs "
            "comments.moderate_comment), so it cannot erase them.",
        ),
    ],
)
def test_a_bad_actor_is_refused_before_anything_is_erased(
    authors, comment_staff, actor, message
):
    comment_staff("viewer", "view_comment")
    comment_staff("gone", "moderate_comment", is_active=False)
    before = list(Comment.objects.order_by("pk").values())

    with pytest.raises(CommandError) as error:
        erase_command("bo@example.org", "--actor", actor)

    assert str(error.value) == message
    assert list(Comment.objects.order_by("pk").values()) == before
    assert LogEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_superuser_may_be_the_actor(authors, django_user_model):
    django_user_model.objects.create_superuser("chief", password="pass-123-word")

    out = erase_command("bo@example.org", "--actor", "chief")

    assert out == "Erased the personal data of 1 comment.\n"
    assert [entry[0] for entry in history(authors["bo"])] == ["chief"]


@pytest.mark.django_db
def test_erasing_an_email_nobody_used_records_nothing(authors, moderator):
    assert comment_erase(email="nobody@example.com", actor=moderator) == 0
    assert comment_erase(email="  ", actor=moderator) == 0

    assert LogEntry.objects.count() == 0
