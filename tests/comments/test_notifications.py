"""Email about comments: moderators hear of held ones, contributors of approved ones.

Each message has one recipient, and a commenter's address reaches moderators only.

Mail goes out from commit hooks. The test never commits, so a test runs the
hooks of the writes it watches with `django_capture_on_commit_callbacks`; and
tests/conftest.py runs every pending hook at the start of each request, as
commits on a site would have. A capture around a request therefore starts
with no hook pending (`reader_opens` and `moderator_opens` below): the request
would run and drop those, and the capture would miss the request's own.
"""

import logging
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_moderate, comment_submit

CHANGELIST = reverse("admin:comments_comment_changelist")
COMMENTER_EMAIL = "rita@example.net"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def mailoutbox(db, mailoutbox):
    """pytest-django's outbox, taken once the database is set up.

    Setting up the test database replaces `django.core.mail.outbox`; an outbox
    taken before that would stay empty whatever is sent.
    """
    return mailoutbox


@pytest.fixture
def article(make_article):
    return make_article(title="Budget day", slug="budget-day")


@pytest.fixture
def writer(django_user_model, contributor):
    """The article's contributor, with a login and an email address."""
    user = django_user_model.objects.create_user(
        username="ada", email="ada@newsroom.example", password="pass-123-word"
    )
    contributor.user = user
    contributor.save()
    return user


def submit(article, **fields):
    data = {
        "article": article,
        "name": "Rita Reader",
        "email": COMMENTER_EMAIL,
        "website": "",
        "body": "A thoughtful comment.",
        "ip_address": "192.0.2.10",
        "user_agent": "Mozilla/5.0",
    }
    data.update(fields)
    return comment_submit(**data)


def reader_opens(client, article):
    """A reader reads the article before commenting: earlier writes' hooks run."""
    assert client.get(article.get_absolute_url()).status_code == 200


def moderator_opens(client, mailoutbox):
    """A moderator opens the comment list: earlier writes' hooks run.

    The emails about comments held before are sent then; they are not what
    the test watches, and are dropped.
    """
    assert client.get(CHANGELIST + "?status=all").status_code == 200
    held = "Comment waiting for moderation: "
    assert all(message.subject.startswith(held) for message in mailoutbox)
    mailoutbox.clear()


def approve_in_admin(client, comments):
    return client.post(
        CHANGELIST + "?status=all",
        {
            "action": "approve",
            ACTION_CHECKBOX_NAME: [comment.pk for comment in comments],
            "index": 0,
        },
    )


# Moderators


def test_held_comment_emails_each_moderator_alone_with_the_admin_link(
    mailoutbox, django_capture_on_commit_callbacks, article, moderators, discussion
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article)

    assert comment.status == Comment.Status.PENDING
    assert [message.to for message in mailoutbox] == [
        [moderator.email] for moderator in moderators
    ]
    admin = f"http://testserver/admin/comments/comment/{comment.pk}"
    for message in mailoutbox:
        assert (message.cc, message.bcc, message.reply_to) == ([], [], [])
        assert message.subject == "Comment waiting for moderation: Budget day"
        assert message.body == (
            "A comment on “Budget day” is waiting for moderation.\n\n"
            "Article: Budget day\n"
            "Author: Rita Reader <rita@example.net>\n"
            "Website: -\n"
            "Held because: Every comment is held for moderation.\n\n"
            "A thoughtful comment.\n\n"
            f"Approve: {admin}/moderate/?status=approved\n"
            f"Spam: {admin}/moderate/?status=spam\n"
            f"Trash: {admin}/moderate/?status=trash\n"
            f"Edit or reply: {admin}/change/\n"
        )
        others = {m.email for m in moderators} - set(message.to)
        assert not any(other in str(message.message()) for other in others)


def test_a_held_reply_says_so_and_quotes_the_comment_it_answers(
    mailoutbox, django_capture_on_commit_callbacks, article, moderators, discussion
):
    parent = submit(article, name="Bo", body="First line of Bo.\n\n" + "x" * 300)
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.APPROVED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit(article, parent=Comment.objects.get(pk=parent.pk), body="I disagree.")

    message = mailoutbox[0]
    assert message.subject == "Reply waiting for moderation: Budget day"
    quoted = "> First line of Bo. " + "x" * 181 + "…"  # 200 characters in all
    assert f"In reply to Bo:\n{quoted}\n\nI disagree.\n" in message.body
    assert message.body.startswith("A reply on “Budget day” is waiting")


def test_a_bulk_approval_over_two_articles_sends_one_email_per_article(
    admin_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    article,
    writer,
    make_article,
    discussion,
):
    other = make_article(title="Harbour", contributor=article.contributor)
    comments = [submit(article), submit(article, body="Two."), submit(other)]
    moderator_opens(admin_client, mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(admin_client, comments)

    assert sorted(m.subject for m in mailoutbox) == [
        "2 new comments on “Budget day”",
        "New comment on “Harbour”",
    ]


def test_held_comment_posted_by_a_reader_emails_the_moderators(
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    article,
    moderators,
    post_comment,
):
    reader_opens(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(article)

    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/articles/budget-day/#comment-{comment.pk}"
    assert [message.to for message in mailoutbox] == [
        [moderator.email] for moderator in moderators
    ]
    admin_path = f"/admin/comments/comment/{comment.pk}/change/"
    assert all(admin_path in message.body for message in mailoutbox)


def test_spam_and_approved_comments_do_not_email_moderators(
    mailoutbox, django_capture_on_commit_callbacks, article, moderators, discussion
):
    discussion.hold_all = False
    discussion.approve_known_authors = False
    discussion.save()

    with django_capture_on_commit_callbacks(execute=True):
        spam = submit(article, honeypot_filled=True)
        approved = submit(article, body="Another thought.")

    assert (spam.status, approved.status) == ("spam", "approved")
    assert mailoutbox == []


def test_moderators_are_not_emailed_when_the_setting_is_off(
    mailoutbox, django_capture_on_commit_callbacks, article, moderators, discussion
):
    discussion.notify_moderators = False
    discussion.save()

    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article)

    assert comment.status == Comment.Status.PENDING
    assert mailoutbox == []


# The article's contributor


def test_approving_in_the_admin_emails_the_contributor_without_the_commenters_email(
    admin_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    article,
    writer,
    discussion,
):
    first = submit(article, website="https://rita.example.net")
    second = submit(article, name="Bo", email="bo@example.org", body="Me too.")
    moderator_opens(admin_client, mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        response = approve_in_admin(admin_client, [first, second])

    assert response.status_code == 302
    # One email for the two, oldest first.
    assert [(m.to, m.cc, m.bcc, m.reply_to) for m in mailoutbox] == [
        (["ada@newsroom.example"], [], [], []),
    ]
    assert [m.subject for m in mailoutbox] == ["2 new comments on “Budget day”"]
    assert [m.body for m in mailoutbox] == [
        "Rita Reader commented on your article “Budget day”:\n\n"
        "A thoughtful comment.\n\n"
        f"Read it: http://testserver/comments/{first.pk}/\n"
        "\n"
        "Bo commented on your article “Budget day”:\n\n"
        "Me too.\n\n"
        f"Read it: http://testserver/comments/{second.pk}/\n",
    ]
    for message in mailoutbox:
        whole = str(message.message())
        assert COMMENTER_EMAIL not in whole
        assert "bo@example.org" not in whole


def test_contributor_is_emailed_when_a_known_author_is_approved_at_once(
    mailoutbox, django_capture_on_commit_callbacks, article, writer, discussion
):
    discussion.hold_all = False
    discussion.save()
    moderator = writer  # anyone: the first approval is by hand
    comment_moderate(
        comments=Comment.objects.filter(pk=submit(article).pk),
        status=Comment.Status.APPROVED,
        moderator=moderator,
    )

    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article, body="Back again.")

    assert comment.status == Comment.Status.APPROVED
    assert [message.to for message in mailoutbox] == [["ada@newsroom.example"]]
    assert COMMENTER_EMAIL not in str(mailoutbox[0].message())


def test_contributor_is_not_emailed_when_the_setting_is_off(
    admin_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    article,
    writer,
    discussion,
):
    discussion.notify_contributor = False
    discussion.save()
    comment = submit(article)
    moderator_opens(admin_client, mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(admin_client, [comment])

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert mailoutbox == []


@pytest.mark.parametrize(
    "writer_change",
    [
        pytest.param({"email": ""}, id="no-email"),
        pytest.param({"is_active": False}, id="inactive"),
        pytest.param(None, id="no-login"),
    ],
)
def test_contributor_without_a_usable_address_is_not_emailed(
    admin_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    article,
    writer,
    contributor,
    writer_change,
):
    if writer_change is None:
        contributor.user = None
        contributor.save()
    else:
        for field, value in writer_change.items():
            setattr(writer, field, value)
        writer.save()
    comment = submit(article)
    moderator_opens(admin_client, mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(admin_client, [comment])

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert mailoutbox == []


def test_contributor_is_not_emailed_about_their_own_reply(
    mailoutbox, django_capture_on_commit_callbacks, article, writer
):
    writer.is_staff = True
    writer.save()

    with django_capture_on_commit_callbacks(execute=True):
        reply = submit(article, user=writer)

    assert (reply.status, reply.user) == (Comment.Status.APPROVED, writer)
    assert mailoutbox == []


# A mail server that is down


def test_failing_mail_server_loses_no_comment(
    settings,
    caplog,
    django_capture_on_commit_callbacks,
    article,
    moderators,
    writer,
    admin_client,
):
    settings.EMAIL_BACKEND = "tests.test_notifications.FailingBackend"

    with caplog.at_level(logging.ERROR, logger="comments.services"):
        comment = submit(article)
        # The held comment's email to the moderators fails as the list opens.
        assert admin_client.get(CHANGELIST).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = approve_in_admin(admin_client, [comment])

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert [record.getMessage() for record in caplog.records] == [
        "Could not queue 4 comment notification(s)",  # admin is a moderator too
        "Could not queue 1 comment notification(s)",
    ]


def test_failing_mail_server_does_not_fail_a_readers_post(
    client,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
    article,
    moderators,
    post_comment,
):
    settings.EMAIL_BACKEND = "tests.test_notifications.FailingBackend"
    reader_opens(client, article)

    with caplog.at_level(logging.ERROR, logger="comments.services"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_comment(article)

    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/articles/budget-day/#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert [record.getMessage() for record in caplog.records] == [
        "Could not queue 3 comment notification(s)"
    ]


def test_the_emails_action_links_ask_before_they_change_anything(
    admin_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    article,
    moderators,
    discussion,
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article)
    approve = re.search(r"Approve: http://testserver(\S+)", mailoutbox[0].body)[1]

    page = admin_client.get(approve)  # as a mail scanner, or a moderator, opens it
    comment.refresh_from_db()
    assert page.status_code == 200
    assert comment.status == Comment.Status.PENDING

    admin_client.post(approve, {"status": "approved"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_the_emails_action_links_need_a_login(
    client,
    mailoutbox,
    article,
    moderators,
    discussion,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article)
    spam = re.search(r"Spam: http://testserver(\S+)", mailoutbox[0].body)[1]

    response = client.post(spam, {"status": "spam"})

    comment.refresh_from_db()
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert comment.status == Comment.Status.PENDING
