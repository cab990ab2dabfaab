"""The moderation queue's rows: what they show, their actions, replies and undo.

The row actions act through JSON endpoints (`<id>/set-status/`, `<id>/reply/`)
when the queue's script runs, and through pages with a form without it.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Contributor
from comments.models import Comment
from comments.services import comment_staff_reply, staff_display_name

CHANGELIST = reverse("admin:comments_comment_changelist")
Status = Comment.Status
JSON = {"HTTP_ACCEPT": "application/json"}


def status_url(comment_or_id):
    pk = getattr(comment_or_id, "pk", comment_or_id)
    return reverse("admin:comments_comment_set_status", args=[pk])


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


@pytest.fixture
def article(make_article):
    return make_article(title="Budget day", slug="budget-day")


# What a row shows


def test_row_shows_the_whole_comment_folding_a_long_one(
    client, moderator, article, make_comment
):
    long_body = " ".join(f"word{n}" for n in range(120))
    make_comment(article, body=long_body, website="https://rita.example.net/")
    client.force_login(moderator)

    html = client.get(CHANGELIST).content.decode()

    assert '<details class="comment-more"><summary>more</summary>' in html
    for n in (0, 50, 119):
        assert f"word{n}" in html
    for shown in ("Rita Reader", "rita@example.net", "rita.example.net", "192.0.2.10"):
        assert shown in html
    assert ">Budget day</a>" in html


def test_reply_row_quotes_the_first_lines_of_the_parent(
    client, moderator, article, make_comment
):
    parent = make_comment(
        article,
        name="Al",
        body="First line\nSecond line\nThird line",
        status="approved",
    )
    make_comment(article, parent=parent, name="Bo", body="I agree.")
    client.force_login(moderator)

    html = client.get(CHANGELIST).content.decode()

    assert (
        f'<p class="comment-in-reply">In reply to <a href="{change_url(parent)}">Al'
        "</a>: <q>First line Second line</q></p>"
    ) in html
    assert "Third line" not in html


@pytest.mark.parametrize(
    ("status", "offered", "not_offered"),
    [
        (Status.PENDING, ["Approve", "Reply", "Edit", "Spam", "Trash"], ["Restore"]),
        (Status.SPAM, ["Not spam", "Edit", "Trash"], ["Approve", "Reply"]),
        (Status.TRASH, ["Restore", "Edit", "Spam"], ["Approve", "Reply"]),
    ],
)
def test_each_row_offers_the_actions_that_suit_its_status(
    client, moderator, article, make_comment, status, offered, not_offered
):
    make_comment(article, status=status)
    client.force_login(moderator)

    response = client.get(CHANGELIST, {"status": status})

    html = response.content.decode()
    # The others are there, hidden: the script shows them when the status changes.
    row = html.split('class="comment-row-actions"', 1)[1].split("</ul>", 1)[0]
    shown = [
        part.split(">", 2)[2].split("<", 1)[0]
        for part in row.split("<li")[1:]
        if not part.startswith(" hidden")
    ]
    assert shown == offered
    assert not set(not_offered) & set(shown)


def test_no_javascript_link_confirms_with_a_form_then_moderates(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    client.force_login(moderator)
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    html = client.get(CHANGELIST, {"status": "pending"}).content.decode()
    link = f"{moderate}?status=spam&amp;_changelist_filters=status%3Dpending"
    assert f'href="{link}"' in html

    page = client.get(moderate, {"status": "spam"})
    comment.refresh_from_db()
    assert (page.status_code, comment.status) == (200, Status.PENDING)

    done = client.post(moderate, {"status": "spam"})
    comment.refresh_from_db()
    assert (done.status_code, done["Location"]) == (302, CHANGELIST)
    assert comment.status == Status.SPAM


def test_viewer_gets_no_row_actions_but_a_view_link(
    client, viewer, article, make_comment
):
    comment = make_comment(article)
    client.force_login(viewer)

    html = client.get(CHANGELIST).content.decode()

    assert f'<a href="{change_url(comment)}" class="comment-action"' in html
    assert 'data-action="approve"' not in html
    assert "data-status-url" not in html


# The JSON endpoint behind the row actions


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Status.PENDING, Status.APPROVED),
        (Status.PENDING, Status.SPAM),
        (Status.PENDING, Status.TRASH),
        (Status.APPROVED, Status.PENDING),
        (Status.SPAM, Status.PENDING),
        (Status.TRASH, Status.PENDING),
    ],
)
def test_row_action_moves_the_comment_and_answers_the_counts(
    client, moderator, article, make_comment, before, after
):
    comment = make_comment(article, status=before)
    make_comment(article, name="Other", status=Status.PENDING)
    client.force_login(moderator)
    started = timezone.now()

    response = client.post(status_url(comment), {"status": after})

    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["previous"], answer["changed"]) == (
        after,
        before,
        True,
    )
    expected = dict.fromkeys(Status.values, 0)
    expected[after] += 1
    expected[Status.PENDING] += 1
    assert answer["counts"] == {**expected, "all": 2}
    comment.refresh_from_db()
    assert comment.status == after
    assert comment.moderated_by == moderator
    assert started <= comment.moderated_at <= timezone.now()


def test_undo_restores_the_previous_status_unless_changed_meanwhile(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    client.force_login(moderator)
    client.post(status_url(comment), {"status": Status.SPAM})

    undone = client.post(
        status_url(comment), {"status": Status.PENDING, "current": Status.SPAM}
    )

    assert undone.status_code == 200
    assert undone.json()["status"] == Status.PENDING
    comment.refresh_from_db()
    assert comment.status == Status.PENDING

    # Someone else approved it since: an old Undo must not overwrite that.
    Comment.objects.filter(pk=comment.pk).update(status=Status.APPROVED)
    stale = client.post(
        status_url(comment), {"status": Status.PENDING, "current": Status.SPAM}
    )
    assert stale.status_code == 409
    assert stale.json()["status"] == Status.APPROVED
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_viewer_without_moderate_permission_gets_403_and_nothing_changes(
    client, viewer, article, make_comment
):
    comment = make_comment(article)
    client.force_login(viewer)

    moved = client.post(status_url(comment), {"status": Status.APPROVED})
    replied = client.post(reply_url(comment), {"body": "Hello"}, **JSON)
    reply_page = client.get(reply_url(comment))
    confirm = client.get(
        reverse("admin:comments_comment_moderate", args=[comment.pk]),
        {"status": "approved"},
    )

    assert [r.status_code for r in (moved, replied, reply_page, confirm)] == [403] * 4
    assert moved.json() == {"error": "You may not moderate comments."}
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (Status.PENDING, None)
    assert Comment.objects.count() == 1


def test_json_endpoint_refuses_get_bad_ids_and_unknown_statuses_cleanly(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    client.force_login(moderator)

    get = client.get(status_url(comment))
    assert (get.status_code, get["Allow"]) == (405, "POST")
    assert get.json() == {"error": "Use POST."}
    for bad_id in ("999999", "abc", "1.5", "-1", "0x1"):
        url = f"/admin/comments/comment/{bad_id}/set-status/"
        response = client.post(url, {"status": Status.SPAM})
        assert response.status_code == 404, bad_id
        assert response.json() == {"error": "No such comment."}
    for status in ("", "published", "APPROVED"):
        response = client.post(status_url(comment), {"status": status})
        assert response.status_code == 400
        assert response.json() == {"error": "Unknown comment status."}
    assert client.get(reply_url(comment), **JSON).status_code == 405
    bad_reply = client.post(
        "/admin/comments/comment/abc/reply/", {"body": "Hi"}, **JSON
    )
    assert (bad_reply.status_code, bad_reply.json()) == (
        404,
        {"error": "No such comment."},
    )
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_json_endpoint_needs_the_csrf_token(moderator, article, make_comment):
    from django.test import Client

    comment = make_comment(article)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)

    response = strict.post(status_url(comment), {"status": Status.SPAM})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


# Replies from the queue


def test_reply_from_the_queue_is_published_at_once_and_approves_the_parent(
    client, moderator, article, make_comment
):
    moderator.first_name, moderator.last_name = "Morgan", "Ode"
    moderator.save()
    parent = make_comment(article)
    client.force_login(moderator)

    response = client.post(reply_url(parent), {"body": "  Thank you, Rita.  "}, **JSON)

    assert response.status_code == 201
    answer = response.json()
    reply = Comment.objects.get(pk=answer["id"])
    assert (reply.parent, reply.status, reply.name, reply.user) == (
        parent,
        Status.APPROVED,
        "Morgan Ode",
        moderator,
    )
    assert (reply.body, reply.depth, reply.email) == (
        "Thank you, Rita.",
        2,
        moderator.email,
    )
    parent.refresh_from_db()
    assert (parent.status, parent.moderated_by) == (Status.APPROVED, moderator)
    assert answer["parent"] == {
        "id": parent.pk,
        "status": "approved",
        "label": "Approved",
    }
    assert answer["counts"]["approved"] == 2
    assert answer["counts"]["pending"] == 0


def test_reply_without_javascript_shows_a_form_then_returns_to_the_queue(
    client, moderator, article, make_comment
):
    parent = make_comment(article)
    client.force_login(moderator)

    page = client.get(reply_url(parent), {"_changelist_filters": "status=pending"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="{reply_url(parent)}"' in html
    assert 'name="_changelist_filters" value="status=pending"' in html

    empty = client.post(reply_url(parent), {"body": "   "})
    assert empty.status_code == 200
    assert Comment.objects.count() == 1

    sent = client.post(
        reply_url(parent), {"body": "Noted.", "_changelist_filters": "status=pending"}
    )
    assert (sent.status_code, sent["Location"]) == (302, f"{CHANGELIST}?status=pending")
    assert Comment.objects.filter(parent=parent, status=Status.APPROVED).count() == 1


def test_reply_refused_to_spam_and_to_an_empty_body(
    client, moderator, article, make_comment
):
    spam = make_comment(article, status=Status.SPAM)
    pending = make_comment(article, name="Pat")
    client.force_login(moderator)

    to_spam = client.post(reply_url(spam), {"body": "Hello"}, **JSON)
    empty = client.post(reply_url(pending), {"body": "  "}, **JSON)

    assert to_spam.status_code == 400
    assert empty.status_code == 400
    assert "body" in empty.json()["errors"]
    assert Comment.objects.count() == 2
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


@pytest.mark.parametrize(
    ("first", "last", "byline", "expected"),
    [
        ("Morgan", "Ode", "Morgan the Desk", "Morgan Ode"),
        ("", "", "Morgan the Desk", "Morgan the Desk"),
        ("", "", None, "morgan"),
        ("  ", "", "  ", "morgan"),
    ],
)
def test_staff_reply_name_is_full_name_else_byline_else_username(
    django_user_model, article, make_comment, first, last, byline, expected
):
    user = django_user_model.objects.create_user(
        username="morgan", first_name=first, last_name=last, is_staff=True
    )
    if byline is not None:
        Contributor.objects.create(user=user, name=byline, slug="morgan-desk")
        user.refresh_from_db()
    parent = make_comment(article)

    reply = comment_staff_reply(parent=parent, body="Thanks.", author=user)

    assert staff_display_name(user) == expected
    assert reply.name == expected
    assert reply.name != "Staff"


# A comment's own page


def test_edit_is_kept_when_approve_is_pressed_on_the_change_page(
    client, moderator, article, make_comment
):
    comment = make_comment(article, body="Teh typo.")
    client.force_login(moderator)

    response = client.post(
        change_url(comment) + "?_changelist_filters=status%3Dpending",
        {
            "name": "Rita Reader",
            "email": "rita@example.net",
            "website": "",
            "body": "The typo, fixed.",
            "_moderate": Status.APPROVED,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?status=pending"
    comment.refresh_from_db()
    assert (comment.body, comment.status, comment.moderated_by) == (
        "The typo, fixed.",
        Status.APPROVED,
        moderator,
    )


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH])
def test_edit_is_kept_when_spam_or_trash_is_pressed(
    client, moderator, article, make_comment, status
):
    comment = make_comment(article)
    client.force_login(moderator)

    client.post(
        change_url(comment),
        {
            "name": "R.",
            "email": "",
            "website": "",
            "body": "Kept.",
            "_moderate": status,
        },
    )

    comment.refresh_from_db()
    assert (comment.name, comment.body, comment.status) == ("R.", "Kept.", status)


def test_invalid_edit_neither_saves_nor_moderates(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    client.force_login(moderator)

    response = client.post(
        change_url(comment),
        {
            "name": "R",
            "email": "",
            "website": "javascript:x",
            "body": "New",
            "_moderate": Status.APPROVED,
        },
    )

    assert response.status_code == 200
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("A thoughtful comment.", Status.PENDING)


def test_approve_and_next_opens_the_next_pending_comment(
    client, moderator, article, make_comment
):
    newest = make_comment(article, name="New", minutes_ago=1)
    middle = make_comment(article, name="Mid", minutes_ago=5)
    oldest = make_comment(article, name="Old", minutes_ago=9)
    client.force_login(moderator)
    form = {"name": "Mid", "email": "", "website": "", "body": "Edited."}

    first = client.post(change_url(middle), {**form, "_approve_next": "1"})
    assert first["Location"] == change_url(oldest)
    second = client.post(
        change_url(oldest), {**form, "name": "Old", "_approve_next": "1"}
    )
    assert second["Location"] == change_url(newest)
    last = client.post(
        change_url(newest), {**form, "name": "New", "_approve_next": "1"}
    )
    assert last["Location"] == CHANGELIST

    assert set(Comment.objects.values_list("status", flat=True)) == {Status.APPROVED}
    middle.refresh_from_db()
    assert middle.body == "Edited."
