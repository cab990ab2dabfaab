"""The moderation queue in the admin: what moderators see, and what they may do."""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment

CHANGELIST = reverse("admin:comments_comment_changelist")
INDEX = reverse("admin:index")
Status = Comment.Status


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def listed(response):
    return list(response.context["cl"].result_list)


def sent_messages(response):
    return [m.message for m in response.context["messages"]]


@pytest.fixture
def article(make_article):
    return make_article(title="Budget day", slug="budget-day")


@pytest.fixture
def one_of_each(article, make_comment):
    """A comment in every status, the newest first in this dict."""
    return {
        "pending": make_comment(article, name="Pat Pending", minutes_ago=1),
        "approved": make_comment(
            article, name="Al Approved", status=Status.APPROVED, minutes_ago=2
        ),
        "spam": make_comment(
            article, name="Sam Spam", status=Status.SPAM, minutes_ago=3
        ),
        "trash": make_comment(
            article, name="Tia Trash", status=Status.TRASH, minutes_ago=4
        ),
        "older_pending": make_comment(article, name="Olive Older", minutes_ago=60),
    }


def post_action(client, action, comments, query="", **extra):
    data = {
        "action": action,
        ACTION_CHECKBOX_NAME: [comment.pk for comment in comments],
        "index": 0,
        **extra,
    }
    return client.post(CHANGELIST + query, data, follow=True)


# The queue


def test_queue_opens_on_pending_comments_newest_first(client, moderator, one_of_each):
    client.force_login(moderator)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert listed(response) == [one_of_each["pending"], one_of_each["older_pending"]]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("pending", ["pending", "older_pending"]),
        ("approved", ["approved"]),
        ("spam", ["spam"]),
        ("trash", ["trash"]),
        ("all", ["pending", "approved", "spam", "trash", "older_pending"]),
    ],
)
def test_status_filter_lists_each_status_and_all(
    client, moderator, one_of_each, status, expected
):
    client.force_login(moderator)

    response = client.get(CHANGELIST, {"status": status})

    assert listed(response) == [one_of_each[key] for key in expected]


def test_status_filter_offers_all_explicitly_and_marks_the_default(
    client, moderator, one_of_each
):
    client.force_login(moderator)

    response = client.get(CHANGELIST)

    status_filter = response.context["cl"].filter_specs[0]
    choices = list(status_filter.choices(response.context["cl"]))
    assert [(c["display"], c["selected"], c["query_string"]) for c in choices] == [
        ("All", False, "?status=all"),
        ("Pending", True, "?status=pending"),
        ("Approved", False, "?status=approved"),
        ("Spam", False, "?status=spam"),
        ("Trash", False, "?status=trash"),
    ]


def test_unknown_status_in_the_address_is_refused_not_an_error(client, moderator):
    client.force_login(moderator)

    response = client.get(CHANGELIST, {"status": "bogus"})

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?e=1"


def test_counts_per_status_are_shown_above_the_list(client, moderator, one_of_each):
    client.force_login(moderator)

    response = client.get(CHANGELIST, {"status": "spam"})

    assert (
        '<ul class="comment-status-counts">'
        '<li><a href="?status=pending" data-count-for="pending">Pending 2</a></li>'
        '<li><a href="?status=approved" data-count-for="approved">Approved 1</a></li>'
        '<li><a href="?status=spam" aria-current="page" data-count-for="spam">'
        "Spam 1</a></li>"
        '<li><a href="?status=trash" data-count-for="trash">Trash 1</a></li>'
        '<li><a href="?status=all" data-count-for="all">All 5</a></li>'
        "</ul>"
    ) in response.content.decode()


def test_changelist_shows_each_column_of_a_comment(
    client, moderator, article, make_comment
):
    comment = make_comment(
        article,
        name="Rita <b>Reader</b>",
        website="https://rita.example.net/blog",
        body="Line one. " * 20,
        reason="First comment from this email.",
    )
    client.force_login(moderator)

    response = client.get(CHANGELIST)

    html = response.content.decode()
    headers = [
        "comment_text",
        "author",
        "article_link",
        "status_and_reason",
        "date",
    ]
    assert [
        header
        for header in headers
        if f'class="sortable column-{header}' in html
        or f'class="column-{header}"' in html
    ] == headers
    assert ('<div class="comment-text"><p>' + "Line one. " * 20) in html
    assert (
        '<td class="field-author"><strong>Rita &lt;b&gt;Reader&lt;/b&gt;</strong><br>'
        '<a href="?email__iexact=rita%40example.net&amp;status=all" '
        'title="All comments with this email">rita@example.net</a><br>'
        '<a href="https://rita.example.net/blog" rel="nofollow noopener noreferrer" '
        'target="_blank">rita.example.net/blog</a><br>'
        '<a href="?ip_address=192.0.2.10&amp;status=all" '
        'title="All comments from this IP address">192.0.2.10</a></td>'
    ) in html
    article_admin = reverse("admin:articles_article_change", args=[article.pk])
    assert (
        f'<td class="field-article_link"><a href="{article_admin}">Budget day</a> '
        '<a href="/articles/budget-day/" title="View on site" '
        'aria-label="View “Budget day” on site" target="_blank">↗</a></td>'
    ) in html
    assert (
        '<td class="field-status_and_reason"><span class="comment-status">Pending'
        '</span><br><span class="comment-reason">First comment from this email.'
        "</span></td>"
    ) in html
    created = timezone.localtime(comment.created_at)
    assert (
        f'<td class="field-date"><time datetime="{created.isoformat()}">'
        f"{created:%-d %b %Y}<br>{created:%H:%M}</time></td>"
    ) in html
    assert "replytocom" not in html


def test_comment_on_an_open_article_has_a_reply_action(
    client, moderator, article, make_comment, make_article
):
    replyable = make_comment(article, status=Status.APPROVED)
    closed = make_article(title="Closed", slug="closed", allow_comments=False)
    on_closed = make_comment(closed, status=Status.APPROVED)
    client.force_login(moderator)

    response = client.get(CHANGELIST, {"status": "approved"})

    html = response.content.decode()
    reply = reverse("admin:comments_comment_reply", args=[replyable.pk])
    assert (
        f'<a href="{reply}?_changelist_filters=status%3Dapproved" '
        'class="comment-action" data-action="reply">Reply</a>'
    ) in html
    assert html.count('data-action="reply"') == 1
    closed_reply = reverse("admin:comments_comment_reply", args=[on_closed.pk])
    assert f'<a href="{closed_reply}?' not in html


def test_unpublished_article_is_linked_only_in_the_admin(
    client, moderator, make_article, make_comment
):
    draft = make_article(title="Draft", slug="draft", status="draft")
    make_comment(draft)
    client.force_login(moderator)

    response = client.get(CHANGELIST)

    article_admin = reverse("admin:articles_article_change", args=[draft.pk])
    assert (
        f'<td class="field-article_link"><a href="{article_admin}">Draft</a></td>'
    ) in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"q": "olive"}, ["olive"], id="name"),
        pytest.param({"q": "BO@example.org"}, ["bo", "bo_spam"], id="email"),
        pytest.param({"q": "quantum"}, ["olive"], id="text"),
        pytest.param({"q": "198.51.100.7"}, ["bo"], id="ip"),
        pytest.param({"q": "198.51.100"}, ["bo", "bo_spam"], id="ip-prefix"),
        pytest.param({"q": "nobody"}, [], id="nothing"),
        pytest.param({"q": "bo", "status": "pending"}, ["bo"], id="search-in-status"),
    ],
)
def test_search_by_name_email_text_and_ip(
    client, moderator, article, make_comment, query, expected
):
    comments = {
        "olive": make_comment(article, name="Olive", body="Quantum ledgers!"),
        "bo": make_comment(
            article,
            name="Bo",
            email="bo@example.org",
            ip_address="198.51.100.7",
            minutes_ago=5,
        ),
        "bo_spam": make_comment(
            article,
            name="Bo",
            email="bo@example.org",
            ip_address="198.51.100.8",
            status=Status.SPAM,
            minutes_ago=30,
        ),
    }
    client.force_login(moderator)

    response = client.get(CHANGELIST, query)

    assert response.status_code == 200
    assert listed(response) == [comments[key] for key in expected]


def test_author_links_list_every_comment_with_that_email_or_ip(
    client, moderator, article, make_comment
):
    rita = make_comment(article, email="Rita@Example.net", minutes_ago=1)
    rita_spam = make_comment(
        article, status=Status.SPAM, ip_address="198.51.100.7", minutes_ago=2
    )
    neighbour = make_comment(
        article, name="Bo", email="bo@example.org", ip_address="192.0.2.100"
    )
    client.force_login(moderator)

    by_email = client.get(
        CHANGELIST, {"email__iexact": "rita@example.net", "status": "all"}
    )
    by_ip = client.get(CHANGELIST, {"ip_address": "192.0.2.10", "status": "all"})

    assert listed(by_email) == [rita, rita_spam]
    assert listed(by_ip) == [rita]
    assert neighbour not in listed(by_ip)


def test_filters_by_article_and_date(client, moderator, make_article, make_comment):
    budget = make_article(title="Budget", slug="budget")
    weather = make_article(title="Weather", slug="weather")
    on_budget = make_comment(budget)
    old_on_weather = make_comment(weather, minutes_ago=60 * 24 * 40)
    client.force_login(moderator)
    old = timezone.localtime(old_on_weather.created_at)

    by_article = client.get(CHANGELIST, {"article__id__exact": budget.pk})
    by_day = client.get(
        CHANGELIST,
        {
            "created_at__year": old.year,
            "created_at__month": old.month,
            "created_at__day": old.day,
        },
    )

    assert listed(by_article) == [on_budget]
    assert listed(by_day) == [old_on_weather]


# Bulk actions


@pytest.mark.parametrize(
    ("action", "before", "after", "message"),
    [
        ("approve", Status.PENDING, Status.APPROVED, "2 comments approved."),
        ("mark_spam", Status.PENDING, Status.SPAM, "2 comments marked as spam."),
        ("move_to_trash", Status.APPROVED, Status.TRASH, "2 comments moved to trash."),
        (
            "restore_to_pending",
            Status.SPAM,
            Status.PENDING,
            "2 comments restored to pending.",
        ),
    ],
)
def test_bulk_action_changes_exactly_the_selected_comments_and_records_who(
    client, moderator, article, make_comment, action, before, after, message
):
    first, second, untouched = (
        make_comment(article, status=before, body=f"Comment {n}") for n in range(3)
    )
    client.force_login(moderator)
    started = timezone.now()

    response = post_action(client, action, [first, second], "?status=all")

    finished = timezone.now()
    assert response.status_code == 200
    assert sent_messages(response) == [message]
    for comment in (first, second):
        comment.refresh_from_db()
        assert comment.status == after
        assert comment.moderated_by == moderator
        assert started <= comment.moderated_at <= finished
    untouched.refresh_from_db()
    assert (untouched.status, untouched.moderated_by, untouched.moderated_at) == (
        before,
        None,
        None,
    )


def test_bulk_action_on_one_comment_speaks_in_the_singular(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    client.force_login(moderator)

    response = post_action(client, "approve", [comment])

    assert sent_messages(response) == ["1 comment approved."]


def test_bulk_action_that_changes_nothing_says_so(
    client, moderator, article, make_comment
):
    comment = make_comment(article, status=Status.APPROVED)
    client.force_login(moderator)

    response = post_action(client, "approve", [comment], "?status=approved")

    assert sent_messages(response) == [
        "Nothing changed: the selected comments were already approved."
    ]
    comment.refresh_from_db()
    assert comment.moderated_by is None


def test_moderator_is_offered_the_moderation_actions_but_not_delete(
    client, moderator, one_of_each
):
    client.force_login(moderator)

    response = client.get(CHANGELIST)

    choices = response.context["action_form"].fields["action"].choices
    assert [name for name, _ in choices] == [
        "",
        "approve",
        "mark_spam",
        "move_to_trash",
        "restore_to_pending",
        "export_personal_data",
        "erase_personal_data",
    ]


def test_non_superuser_with_delete_permission_still_cannot_delete(
    client, comment_staff, one_of_each
):
    deleter = comment_staff(
        "deleter",
        "view_comment",
        "change_comment",
        "delete_comment",
        "moderate_comment",
    )
    client.force_login(deleter)

    listing = client.get(CHANGELIST)
    delete_page = client.get(
        reverse("admin:comments_comment_delete", args=[one_of_each["pending"].pk])
    )
    action = post_action(client, "delete_selected", [one_of_each["pending"]])

    choices = [
        name for name, _ in listing.context["action_form"].fields["action"].choices
    ]
    assert "delete_selected" not in choices
    assert delete_page.status_code == 403
    assert sent_messages(action) == ["No action selected."]
    assert Comment.objects.count() == 5


def test_superuser_may_bulk_delete(admin_client, one_of_each):
    response = admin_client.get(CHANGELIST)

    choices = response.context["action_form"].fields["action"].choices
    assert [name for name, _ in choices][:2] == ["", "delete_selected"]


def test_viewer_sees_no_actions_and_cannot_moderate(client, viewer, one_of_each):
    pending = one_of_each["pending"]
    client.force_login(viewer)

    listing = client.get(CHANGELIST)
    action = post_action(client, "approve", [pending])
    button = client.post(moderate_url(pending), {"status": Status.APPROVED})

    assert listing.status_code == 200
    assert listing.context["action_form"] is None
    assert 'name="_selected_action"' not in listing.content.decode()
    assert action.status_code == 200
    assert button.status_code == 403
    pending.refresh_from_db()
    assert (pending.status, pending.moderated_by) == (Status.PENDING, None)


def test_staff_without_comment_permissions_cannot_open_the_queue(
    client, staff_editor, one_of_each
):
    client.force_login(staff_editor)

    response = client.get(CHANGELIST)

    assert response.status_code == 403


def test_comments_cannot_be_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:comments_comment_add"))

    assert response.status_code == 403


# One comment's page


def test_change_page_shows_the_comment_in_context_with_buttons(
    client, moderator, article, make_comment
):
    parent = make_comment(
        article,
        name="Al Approved",
        body="First <i>line</i>\nSecond line",
        status="approved",
    )
    reply = make_comment(article, name="Bo Reply", parent=parent)
    client.force_login(moderator)

    response = client.get(change_url(reply))

    html = response.content.decode()
    article_admin = reverse("admin:articles_article_change", args=[article.pk])
    assert (
        f'<a href="{article_admin}"><strong>Budget day</strong></a> (live) · '
        '<a href="/articles/budget-day/" target="_blank">View on site</a>'
    ) in html
    parent_at = timezone.localtime(parent.created_at).strftime("%Y-%m-%d %H:%M")
    assert (
        f'<a href="{change_url(parent)}">Al Approved</a>, {parent_at} (approved)'
        '<blockquote class="comment-parent"><p>First &lt;i&gt;line&lt;/i&gt;<br>'
        "Second line</p></blockquote>"
    ) in html
    assert "This comment is <strong>pending</strong>." in html
    # Buttons of the change form itself, after its Save: they keep an edit.
    buttons = [
        ("approved", "Approve", " default"),
        ("spam", "Mark as spam", ""),
        ("trash", "Move to trash", ""),
    ]
    for status, verb, default in buttons:
        assert (
            f'<button type="submit" name="_moderate" value="{status}" '
            f'class="button{default}">{verb}</button>'
        ) in html
    assert 'name="_moderate" value="pending"' not in html
    assert html.index('name="_save"') < html.index('name="_moderate"')
    assert (
        '<button type="submit" name="_approve_next" value="1" class="button">'
        "Approve and next</button>"
    ) in html


def test_change_page_of_a_top_level_comment_says_it_replies_to_nobody(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    client.force_login(moderator)

    response = client.get(change_url(comment))

    assert "Nobody: this comment is on the article itself." in (
        response.content.decode()
    )


def test_change_page_offers_a_staff_reply_for_an_approved_comment(
    client, moderator, article, make_comment
):
    comment = make_comment(article, status=Status.APPROVED)
    client.force_login(moderator)

    response = client.get(change_url(comment))

    assert (
        f'<a href="/articles/budget-day/?replytocom={comment.pk}#respond" '
        'target="_blank">Reply on the article page</a>'
    ) in response.content.decode()


def test_viewer_sees_the_change_page_without_buttons(
    client, viewer, article, make_comment
):
    comment = make_comment(article)
    client.force_login(viewer)

    response = client.get(change_url(comment))

    assert response.status_code == 200
    assert 'class="comment-moderation"' not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.APPROVED, "The comment by Rita Reader was approved."),
        (Status.SPAM, "The comment by Rita Reader was marked as spam."),
        (Status.TRASH, "The comment by Rita Reader was moved to trash."),
    ],
)
def test_change_page_button_moderates_and_returns_to_the_queue(
    client, moderator, article, make_comment, status, message
):
    comment = make_comment(article)
    client.force_login(moderator)
    started = timezone.now()

    response = client.post(
        moderate_url(comment),
        {"status": status, "_changelist_filters": "status=pending&q=rita"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?status=pending&q=rita"
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == moderator
    assert started <= comment.moderated_at <= timezone.now()
    undo = f'<a href="{moderate_url(comment)}?status=pending">Undo</a>'
    assert sent_messages(client.get(response["Location"])) == [f"{message} {undo}"]


def test_moderate_url_only_confirms_on_get_and_refuses_unknown_statuses(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    client.force_login(moderator)

    get = client.get(moderate_url(comment), {"status": "spam"})
    bogus_get = client.get(moderate_url(comment), {"status": "published"})
    bogus = client.post(moderate_url(comment), {"status": "published"})
    put = client.put(moderate_url(comment), {"status": "spam"})

    assert (get.status_code, bogus_get.status_code) == (200, 400)
    assert (bogus.status_code, put.status_code) == (400, 405)
    html = get.content.decode()
    assert f'<form method="post" action="{moderate_url(comment)}">' in html
    assert '<input type="hidden" name="status" value="spam">' in html
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.moderated_at is None


def test_moderator_may_fix_the_text_but_not_the_recorded_facts(
    client, moderator, article, make_comment
):
    comment = make_comment(article, name="Rtia", website="")
    client.force_login(moderator)

    response = client.post(
        change_url(comment),
        {
            "name": " Rita ",
            "email": "rita@example.net",
            "website": "rita.example.net",
            "body": "A thoughtful comment, fixed.",
            "ip_address": "203.0.113.99",
            "status": Status.APPROVED,
            "user_agent": "forged",
        },
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (
        comment.name,
        comment.website,
        comment.body,
        comment.ip_address,
        comment.status,
        comment.user_agent,
    ) == (
        "Rita",
        "https://rita.example.net",
        "A thoughtful comment, fixed.",
        "192.0.2.10",
        Status.PENDING,
        "Mozilla/5.0 Firefox/130.0",
    )


def test_admin_refuses_a_javascript_website(client, moderator, article, make_comment):
    comment = make_comment(article)
    client.force_login(moderator)

    response = client.post(
        change_url(comment),
        {
            "name": "Rita",
            "email": "rita@example.net",
            "website": "javascript:alert(1)",
            "body": "Text",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "website": ["Enter a web address starting with http:// or https://."]
    }


def test_viewer_cannot_edit_a_comment(client, viewer, article, make_comment):
    comment = make_comment(article)
    client.force_login(viewer)

    response = client.post(
        change_url(comment),
        {"name": "Changed", "email": "x@example.net", "website": "", "body": "X"},
    )

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.name == "Rita Reader"


# Personal data


def test_export_action_returns_the_authors_comments_as_json(
    client, moderator, article, make_article, make_comment
):
    other_article = make_article(title="Weather", slug="weather")
    rita_first = make_comment(article, minutes_ago=30, status=Status.APPROVED)
    rita_reply = make_comment(
        other_article,
        email="RITA@example.net",
        body="Again",
        minutes_ago=20,
        ip_address=None,
        user_agent="",
    )
    bo = make_comment(article, name="Bo", email="bo@example.org", body="Hi")
    make_comment(article, name="Cy", email="cy@example.com")
    client.force_login(moderator)

    response = client.post(
        CHANGELIST + "?status=all",
        {
            "action": "export_personal_data",
            ACTION_CHECKBOX_NAME: [rita_reply.pk, bo.pk],
            "index": 0,
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="comments-export-'
    )

    def record(comment, article):
        return {
            "id": comment.pk,
            "article": article.title,
            "article_url": article.get_absolute_url(),
            "in_reply_to": None,
            "name": comment.name,
            "email": comment.email,
            "website": "",
            "comment": comment.body,
            "status": comment.status,
            "created_at": comment.created_at.isoformat(),
            "ip_address": comment.ip_address,
            "user_agent": comment.user_agent,
        }

    assert json.loads(response.content) == [
        {"email": "bo@example.org", "comments": [record(bo, article)]},
        {
            "email": "rita@example.net",
            "comments": [
                record(rita_first, article),
                record(rita_reply, other_article),
            ],
        },
    ]


def test_erase_action_asks_first_then_erases_every_comment_of_the_authors(
    client, moderator, article, make_comment
):
    selected = make_comment(article, website="https://rita.example.net")
    also_rita = make_comment(
        article, email="Rita@Example.net", status=Status.APPROVED, body="Earlier"
    )
    bo = make_comment(article, name="Bo", email="bo@example.org")
    client.force_login(moderator)

    confirm = post_action(client, "erase_personal_data", [selected])

    assert confirm.status_code == 200
    assert confirm.templates[0].name == "admin/comments/comment/erase_confirmation.html"
    html = confirm.content.decode()
    assert "<li>rita@example.net: 2 comments</li>" in html
    assert "(2 in all, not only the selected ones)" in html
    assert Comment.objects.filter(name="Anonymous").count() == 0

    done = client.post(
        CHANGELIST,
        {
            "action": "erase_personal_data",
            ACTION_CHECKBOX_NAME: [selected.pk],
            "post": "yes",
        },
        follow=True,
    )

    assert sent_messages(done) == ["Erased the personal data of 1 author (2 comments)."]
    for comment in (selected, also_rita):
        comment.refresh_from_db()
        assert (
            comment.name,
            comment.email,
            comment.website,
            comment.ip_address,
            comment.user_agent,
            comment.removed,
        ) == ("Anonymous", "", "", None, "", False)
    assert also_rita.body == "Earlier"
    history = LogEntry.objects.filter(user=moderator).order_by("object_id")
    assert [(e.object_id, e.object_repr, e.change_message) for e in history] == [
        (str(c.pk), "Anonymous on Budget day", "Erased the author's personal data.")
        for c in sorted([selected, also_rita], key=lambda c: str(c.pk))
    ]
    bo.refresh_from_db()
    assert (bo.name, bo.email, bo.ip_address) == ("Bo", "bo@example.org", "192.0.2.10")


def test_erase_action_can_remove_the_text_too(client, moderator, article, make_comment):
    comment = make_comment(article, status=Status.APPROVED)
    reply = make_comment(article, name="Bo", email="bo@example.org", parent=comment)
    client.force_login(moderator)

    client.post(
        CHANGELIST + "?status=all",
        {
            "action": "erase_personal_data",
            ACTION_CHECKBOX_NAME: [comment.pk],
            "post": "yes",
            "delete_text": "on",
        },
    )

    comment.refresh_from_db()
    assert (comment.name, comment.body, comment.removed) == (
        "Anonymous",
        "This comment was removed.",
        True,
    )
    assert Comment.objects.get(pk=reply.pk).parent == comment


def test_viewer_cannot_export_or_erase(client, viewer, article, make_comment):
    comment = make_comment(article)
    client.force_login(viewer)

    export = post_action(client, "export_personal_data", [comment])
    erase = client.post(
        CHANGELIST,
        {
            "action": "erase_personal_data",
            ACTION_CHECKBOX_NAME: [comment.pk],
            "post": "yes",
        },
    )

    assert export["Content-Type"].startswith("text/html")
    assert erase.status_code == 200
    comment.refresh_from_db()
    assert comment.email == "rita@example.net"


# The admin index


def test_admin_index_tells_moderators_how_many_comments_wait(
    client, moderator, one_of_each
):
    client.force_login(moderator)

    response = client.get(INDEX)

    assert (
        f'<p class="moderation-notice"><a href="{CHANGELIST}">'
        "2 comments waiting for moderation</a></p>"
    ) in response.content.decode()


def test_admin_index_speaks_in_the_singular_and_of_an_empty_queue(
    client, moderator, article, make_comment
):
    client.force_login(moderator)

    empty = client.get(INDEX).content.decode()
    make_comment(article)
    one = client.get(INDEX).content.decode()

    assert ">No comments waiting for moderation</a>" in empty
    assert ">1 comment waiting for moderation</a>" in one


def test_admin_index_says_nothing_of_the_queue_to_non_moderators(
    client, viewer, staff_editor, one_of_each
):
    for user in (viewer, staff_editor):
        client.force_login(user)

        response = client.get(INDEX)

        assert response.status_code == 200
        assert "waiting for moderation" not in response.content.decode()


def test_admin_index_shows_the_queue_to_superusers(admin_client, one_of_each):
    response = admin_client.get(INDEX)

    assert ">2 comments waiting for moderation</a>" in response.content.decode()


# Query budget


def test_changelist_query_count_does_not_grow_with_comments(
    client, moderator, make_article, make_comment
):
    articles = [make_article(title=f"Story {n}", slug=f"story-{n}") for n in range(5)]
    client.force_login(moderator)

    def queries_listing(count):
        Comment.objects.all().delete()
        parents = []
        for n in range(count):
            parent = parents[-1] if n % 3 == 2 else None
            comment = make_comment(
                articles[n % 5],
                name=f"Reader {n}",
                status=Status.APPROVED if n % 2 else Status.PENDING,
                parent=parent,
            )
            parents.append(comment)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CHANGELIST, {"status": "all"})
        assert response.status_code == 200
        assert len(listed(response)) == count
        return len(queries)

    queries_listing(1)  # warm the cached discussion settings and permissions

    assert queries_listing(1) == queries_listing(50)
