"""The comment form under each article, through the HTTP client.

What a reader sees, what a POST stores, what comes back when it is refused
(the message at the right place, everything typed kept, nothing stored), the
remembered-details cookie, replies without JavaScript, and staff replies.
"""

import dataclasses
import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Contributor
from comments.forms import REMEMBER_LABEL, STAFF_CHECK_MESSAGE, TOKEN_SALT
from comments.models import Comment
from comments.rules import DUPLICATE_MESSAGE, FLOOD_MESSAGE
from comments.services import comment_moderate
from tests.comment_html import (
    field_errors,
    form_errors,
    form_values,
    parse,
    squeeze,
    text_of,
)
from tests.conftest import comment_token

NOTE = "Your email address will not be published. Required fields are marked *"
AWAITING = "Your comment is awaiting moderation."
PARENT_UNAVAILABLE = "The comment you are replying to is not available."
TAMPERED = "This form could not be checked. Please send your comment again."
CONFIRM = "One more step: check your comment and send it."


@pytest.fixture
def article(make_article):
    return make_article(title="Open for comments", slug="open-for-comments")


def approved_comment(article, **fields) -> Comment:
    fields.setdefault("name", "Bob Writer")
    fields.setdefault("email", "bob@example.org")
    fields.setdefault("body", "An approved comment.")
    fields.setdefault("status", Comment.Status.APPROVED)
    if "parent" in fields:
        fields.setdefault("depth", fields["parent"].depth + 1)
    return Comment.objects.create(article=article, **fields)


def page(client, article, query: str = "") -> str:
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def reader_state(client, article):
    """What the article page's script gets for this reader: /reader/state/."""
    response = client.get(reverse("reader-state"), {"article": article.pk})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]
    return response


# The form as a reader first sees it ------------------------------------------


def labels(html: str) -> dict[str, str]:
    """The text of each label of the comment form, by the field it names."""
    return {
        field: squeeze(unescape(re.sub(r"<[^>]+>", "", text)))
        for field, text in re.findall(
            r'<label for="id_(\w+)"[^>]*>(.*?)</label>', html, re.DOTALL
        )
    }


def test_form_shows_heading_note_labels_and_an_unticked_remember_box(client, article):
    html = page(client, article)

    assert text_of(html, "reply-title") == "Leave a Reply"
    assert f'<p class="comment-notes">{NOTE}</p>' in html
    assert labels(html) == {
        "body": "Comment*",
        "name": "Name*",
        "email": "Email*",
        "website": "Website",
        "remember": REMEMBER_LABEL,
        "notify_replies": "Notify me of follow-up comments by email",
        "notify_approval": "Tell me when my comment is approved",
        "honeypot": "Leave this field empty",
    }
    assert form_values(html)["remember"] is False
    assert f'action="{reverse("comments:post", args=[article.pk])}"' in html
    # The page is shared by every reader: its script fills the token in.
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="">' in html


def test_honeypot_is_hidden_from_people_and_assistive_technology(client, article):
    html = page(client, article)

    container = re.search(
        r'<div\s+class="comment-hp visually-hidden"\s+aria-hidden="true">'
        r'(?:(?!</div>).)*<input [^>]*name="honeypot"',
        html,
        re.DOTALL,
    )
    assert container is not None
    assert parse(html).inputs["honeypot"]["tabindex"] == "-1"


def test_form_gets_a_signed_token_for_this_article(client, article):
    # The shared page carries none; the page's script asks for it.
    assert form_values(page(client, article))["token"] == ""
    token = reader_state(client, article).json()["form_token"]

    payload = signing.loads(token, salt=TOKEN_SALT)
    assert payload["a"] == article.pk
    assert abs(payload["t"] - timezone.now().timestamp()) < 60


# Success ---------------------------------------------------------------------


def test_comment_is_stored_pending_and_the_reader_is_sent_to_it(post_comment, article):
    response = post_comment(article, website="https://rita.example/")

    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/articles/open-for-comments/#comment-{comment.pk}"
    assert (
        comment.article,
        comment.parent,
        comment.depth,
        comment.name,
        comment.email,
        comment.website,
        comment.body,
        comment.status,
        comment.reason,
        comment.ip_address,
        comment.user_agent,
        comment.user,
        comment.removed,
    ) == (
        article,
        None,
        1,
        "Rita Reader",
        "rita@example.net",
        "https://rita.example/",
        "A thoughtful comment.",
        Comment.Status.PENDING,
        "Every comment is held for moderation.",
        "192.0.2.10",
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
        None,
        False,
    )


def test_surrounding_whitespace_is_trimmed_from_the_stored_text(post_comment, article):
    post_comment(article, body="\n  Line one\nLine two  \n", name="  Rita  ")

    comment = Comment.objects.get()
    assert (comment.body, comment.name) == ("Line one\nLine two", "Rita")


def test_browser_line_breaks_are_stored_as_plain_newlines(post_comment, article):
    post_comment(article, body="Line one\r\nLine two\r\n\r\nLine three")

    assert Comment.objects.get().body == "Line one\nLine two\n\nLine three"


def test_own_pending_comment_is_shown_in_place_only_in_the_authors_browser(
    client, post_comment, article
):
    post_comment(article, body="Waiting for a moderator.")
    comment = Comment.objects.get()

    own = reader_state(client, article).json()
    other = reader_state(Client(), article).json()
    own_page = page(client, article)
    other_page = page(Client(), article)

    assert [(item["id"], item["parent"]) for item in own["pending"]] == [
        (comment.pk, None)
    ]
    own_html = own["pending"][0]["html"]
    assert own_html.startswith(
        f'<li id="comment-{comment.pk}" class="comment depth-1 comment-pending">'
    )
    assert f'<p class="comment-awaiting-moderation">{AWAITING}</p>' in own_html
    assert "Waiting for a moderator." in own_html
    assert "pending" not in other
    assert "Waiting for a moderator." not in json.dumps(other)
    # The article page is the same for both: it shows nobody's pending comment.
    assert own_page == other_page
    assert f'id="comment-{comment.pk}"' not in own_page
    assert AWAITING not in own_page
    assert "Waiting for a moderator." not in own_page


def test_pending_cookie_is_signed_http_only_and_lax(post_comment, article):
    response = post_comment(article)

    cookie = response.cookies["comments_pending"]
    comment = Comment.objects.get()
    assert signing.loads(cookie.value, salt="comments.cookie.pending") == [comment.pk]
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"]) == (
        True,
        "Lax",
        3 * 24 * 60 * 60,
    )
    assert cookie["secure"] is True  # debug is off in tests, as in production


def test_a_forged_pending_cookie_shows_nobody_elses_comment(client, article):
    pending = Comment.objects.create(
        article=article, name="Pat", email="pat@example.org", body="Not yours."
    )
    client.cookies["comments_pending"] = f"[{pending.pk}]"

    html = page(client, article)
    state = reader_state(client, article).json()

    assert "Not yours." not in html
    assert AWAITING not in html
    assert "pending" not in state
    assert "Not yours." not in json.dumps(state)


def test_a_comment_approved_at_once_comes_from_the_state_unmarked(
    client, post_comment, article, discussion
):
    discussion.hold_all = False
    discussion.approve_known_authors = False
    discussion.save()

    response = post_comment(article)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    # A shared cache may still serve the page from before it: the author's
    # state carries it, without the "awaiting moderation" notice.
    assert "comments_pending" in response.cookies
    (own,) = reader_state(client, article).json()["pending"]
    assert own["id"] == comment.pk
    assert AWAITING not in own["html"]
    assert "A thoughtful comment." in own["html"]


def test_a_staff_login_cannot_post_a_form_shown_to_a_reader(
    client, post_comment, article, staff_editor
):
    # A forged post shows a reader's form to a member of staff; sent with
    # their login, it would publish under their name at once.
    client.force_login(staff_editor)

    response = post_comment(article, body="Planted text.")

    html = response.content.decode()
    assert response.status_code == 400
    assert STAFF_CHECK_MESSAGE in html
    assert "Logged in as" in html
    assert "Planted text." in html
    assert Comment.objects.count() == 0
    again = response.content.decode().split('name="token" value="')[1].split('"')[0]
    sent = post_comment(article, body="Planted text.", token=again)
    assert sent.status_code == 303
    assert Comment.objects.get().status == Comment.Status.APPROVED


# Remembering the reader ------------------------------------------------------


def test_ticked_box_keeps_name_email_and_website_to_prefill_the_form(
    client, post_comment, article
):
    response = post_comment(article, remember="on", website="https://rita.example/")

    cookie = response.cookies["comment_author"]
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"]) == (
        True,
        "Lax",
        365 * 24 * 60 * 60,
    )
    # The page's script fills the form in (and ticks the box) from the state.
    state = reader_state(client, article).json()
    assert state["author"] == {
        "name": "Rita Reader",
        "email": "rita@example.net",
        "website": "https://rita.example/",
    }
    # The article page itself is the same for everyone: nothing prefilled.
    values = form_values(page(client, article))
    assert (values["name"], values["email"], values["website"], values["remember"]) == (
        "",
        "",
        "",
        False,
    )
    assert values["body"] == ""


def test_unticked_box_removes_the_remembered_details(
    client, post_comment, article, discussion
):
    discussion.flood_seconds = 0
    discussion.save()
    post_comment(article, remember="on")
    assert reader_state(client, article).json()["author"]["email"] == (
        "rita@example.net"
    )

    response = post_comment(article, body="Second thoughts.")

    assert response.cookies["comment_author"].value == ""
    assert response.cookies["comment_author"]["max-age"] == 0
    assert reader_state(client, article).json()["author"] is None
    values = form_values(page(client, article))
    assert (values["name"], values["email"], values["remember"]) == ("", "", False)


def test_unticked_box_sets_no_cookie_at_all(post_comment, article):
    response = post_comment(article)

    assert "comment_author" not in response.cookies


def test_a_tampered_remember_cookie_is_ignored(client, article):
    client.cookies["comment_author"] = '{"email": "someone@example.org"}'

    html = page(client, article)
    state = reader_state(client, article)

    assert form_values(html)["email"] == ""
    assert "someone@example.org" not in html
    assert state.json()["author"] is None
    assert "someone@example.org" not in state.content.decode()


# The email stays private -----------------------------------------------------


def test_commenters_email_appears_only_in_their_own_prefilled_field(
    client, post_comment, article
):
    post_comment(article, remember="on")
    Comment.objects.update(status=Comment.Status.APPROVED)

    other_html = page(Client(), article)
    own_html = page(client, article)
    other_state = reader_state(Client(), article).content.decode()
    own_state = reader_state(client, article)

    for html in (other_html, own_html, other_state):
        assert "rita@example.net" not in html
        assert "rita%40example.net" not in html
    # Only in the reader's own private state, for the script to prefill.
    assert own_state.content.decode().count("rita@example.net") == 1
    assert own_state.json()["author"]["email"] == "rita@example.net"


def test_without_the_box_the_authors_own_page_has_no_email_either(
    client, post_comment, article
):
    post_comment(article)

    pending_html = page(client, article)
    pending_state = reader_state(client, article)
    # Approved as a moderator does it: the kept page is made again.
    comment_moderate(
        comments=Comment.objects.all(), status=Comment.Status.APPROVED, moderator=None
    )
    approved_html = page(client, article)
    approved_state = reader_state(client, article).content.decode()

    assert "A thoughtful comment." in pending_state.json()["pending"][0]["html"]
    assert "A thoughtful comment." in approved_html
    for html in (pending_html, pending_state.content.decode(), approved_html):
        assert "rita@example.net" not in html
    assert "rita@example.net" not in approved_state


# Replies without JavaScript --------------------------------------------------


def test_reply_link_opens_the_form_for_that_reply_without_javascript(client, article):
    parent = approved_comment(article, name="Bob Writer")
    html = page(client, article)
    reply_href = f"/articles/open-for-comments/?replytocom={parent.pk}#respond"
    assert f'href="{reply_href}"' in html

    replying = page(client, article, f"?replytocom={parent.pk}")

    assert (
        text_of(replying, "reply-title") == "Leave a Reply to Bob Writer Cancel reply"
    )
    assert text_of(replying, "reply-title-text") == "Leave a Reply to Bob Writer"
    assert (
        '<a id="cancel-comment-reply-link" href="/articles/open-for-comments/#respond">'
        "Cancel reply</a>"
    ) in replying
    assert form_values(replying)["parent"] == str(parent.pk)
    assert "Cancel reply" not in html


def test_reply_is_stored_under_its_parent(post_comment, article):
    parent = approved_comment(article)

    response = post_comment(article, parent=str(parent.pk))

    reply = Comment.objects.get(parent=parent)
    assert response["Location"] == f"/articles/open-for-comments/#comment-{reply.pk}"
    assert reply.depth == 2


@pytest.mark.parametrize(
    "target",
    ["abc", "-1", "0", "99999", "99999999999999999999999999", "1e3", "", "pending",
     "too-deep", "other-article"],
)  # fmt: skip
def test_reply_to_an_unusable_comment_shows_the_plain_form(
    client, article, make_article, discussion, target
):
    discussion.thread_depth = 2
    discussion.save()
    top = approved_comment(article)
    deepest = approved_comment(article, parent=top)
    pending = Comment.objects.create(
        article=article, name="P", email="p@example.org", body="Pending."
    )
    elsewhere = approved_comment(make_article(slug="elsewhere"))
    value = {
        "pending": pending.pk,
        "too-deep": deepest.pk,
        "other-article": elsewhere.pk,
    }.get(target, target)

    html = page(client, article, f"?replytocom={value}")

    assert text_of(html, "reply-title") == "Leave a Reply"
    assert form_values(html)["parent"] == ""


# Staff ---------------------------------------------------------------------------


def test_logged_in_staff_see_only_the_comment_field(client, article, staff_editor):
    client.force_login(staff_editor)

    html = page(client, article)

    # No full name and no profile: the login name, as the reply will show.
    assert '<p class="logged-in-as">Logged in as editor.</p>' in html
    assert NOTE not in html
    assert set(form_values(html)) == {
        "csrfmiddlewaretoken",
        "body",
        "honeypot",
        "parent",
        "token",
        "q",  # The navigation bar's search box.
    }


def test_staff_reply_is_approved_at_once_and_marked_with_byline_title(
    client, post_comment, article, staff_editor
):
    Contributor.objects.create(
        name="Edith Editor",
        slug="edith-editor",
        user=staff_editor,
        byline_title="Science Editor",
    )
    parent = approved_comment(article)
    client.force_login(staff_editor)

    response = post_comment(
        article,
        parent=str(parent.pk),
        body="Thanks, noted.",
        token=comment_token(article, staff=True),
    )

    reply = Comment.objects.get(parent=parent)
    assert response.status_code == 303
    assert (reply.status, reply.user, reply.name, reply.reason) == (
        Comment.Status.APPROVED,
        staff_editor,
        "Edith Editor",
        "",
    )
    html = page(Client(), article)
    assert re.search(
        rf'<li id="comment-{reply.pk}" class="comment depth-2 comment-by-staff">.*?'
        r'<bdi>Edith Editor</bdi></span> <span class="comment-staff-title">'
        r"Science Editor</span>",
        html,
        re.DOTALL,
    )


def test_staff_reply_without_a_name_or_profile_is_signed_with_the_login(
    client, post_comment, article, staff_editor
):
    client.force_login(staff_editor)
    post_comment(
        article, body="From the desk.", token=comment_token(article, staff=True)
    )

    html = page(Client(), article)

    # No byline and no full name: the login name, marked as the newsroom's,
    # and never "Staff [Staff]".
    assert "<bdi>editor</bdi></span> " in html
    assert '<span class="comment-staff-title">Staff</span>' in html
    assert "<bdi>Staff</bdi>" not in html


# Refusals ----------------------------------------------------------------------


@dataclasses.dataclass
class Bad:
    """One refused submission: what is sent, and where its message shows."""

    data: dict = dataclasses.field(default_factory=dict)
    field: str | None = None  # None: above the form
    message: str = ""
    status: int = 400
    setup: str = ""


LONG_URL = "https://example.com/" + "a" * 190
BAD_INPUTS = {
    "missing name": Bad({"name": ""}, "name", "Please enter your name."),
    "blank name": Bad({"name": "   "}, "name", "Please enter your name."),
    "name over 80": Bad(
        {"name": "N" * 81}, "name", "Names may be at most 80 characters."
    ),
    "missing email": Bad(
        {"email": ""},
        "email",
        "Please enter your email address. It will not be published.",
    ),
    "invalid email": Bad(
        {"email": "rita@"},
        "email",
        "Enter a valid email address, like name@example.com.",
    ),
    "email over 254": Bad(
        {"email": "r" * 243 + "@example.net"},
        "email",
        "Email addresses may be at most 254 characters.",
    ),
    "javascript website": Bad(
        {"website": "javascript:alert(1)"},
        "website",
        "Enter a web address starting with http:// or https://.",
    ),
    "ftp website": Bad(
        {"website": "ftp://example.com/file"},
        "website",
        "Enter a web address starting with http:// or https://.",
    ),
    "website over 200": Bad(
        {"website": LONG_URL}, "website", "Web addresses may be at most 200 characters."
    ),
    "missing comment": Bad({"body": ""}, "body", "Please write a comment."),
    "whitespace comment": Bad({"body": "  \n\t "}, "body", "Please write a comment."),
    # (A comment over the length limit is refused without its text shown
    # back: tests/comments/test_comment_limits.py.)
    "parent from another article": Bad(
        message=PARENT_UNAVAILABLE, setup="parent elsewhere"
    ),
    "unapproved parent": Bad(message=PARENT_UNAVAILABLE, setup="pending parent"),
    "parent not a number": Bad({"parent": "abc"}, message=PARENT_UNAVAILABLE),
    "depth over the limit": Bad(
        message="Replies cannot be nested this deep. Reply further up the thread.",
        setup="too deep",
    ),
    "closed article": Bad(
        message="Comments are closed on this article.", status=403, setup="closed"
    ),
    "too fast": Bad(
        message="That was quick! Please take a moment to check your comment, "
        "then send it again.",
        setup="fresh token",
    ),
    "tampered token": Bad(message=TAMPERED, setup="tampered token"),
    "token for another article": Bad(message=TAMPERED, setup="other token"),
    # (A post with no token at all is not refused: it is shown back to be
    # confirmed, tests/comments/test_comment_without_script.py.)
    "blank token": Bad({"token": "   "}, message=TAMPERED),
    "expired token": Bad(
        message="This form was opened too long ago. Please send your comment again.",
        setup="old token",
    ),
    "flood from the same address": Bad(message=FLOOD_MESSAGE, setup="flood ip"),
    "flood from the same email": Bad(message=FLOOD_MESSAGE, setup="flood email"),
    "duplicate": Bad(message=DUPLICATE_MESSAGE, setup="duplicate"),
}


def _prepare(case: Bad, article, make_article, discussion) -> dict:
    """Build what the case needs; return the fields to send."""
    data = {
        "body": "A thoughtful comment.",
        "name": "Rita Reader",
        "email": "rita@example.net",
        "website": "https://rita.example/",
    }
    data |= case.data
    earlier = timezone.now() - timedelta(hours=1)
    match case.setup:
        case "parent elsewhere":
            data["parent"] = str(approved_comment(make_article(slug="other")).pk)
        case "pending parent":
            parent = approved_comment(article, status=Comment.Status.PENDING)
            data["parent"] = str(parent.pk)
        case "too deep":
            discussion.thread_depth = 2
            discussion.save()
            top = approved_comment(article)
            data["parent"] = str(approved_comment(article, parent=top).pk)
        case "closed":
            Article.objects.filter(pk=article.pk).update(allow_comments=False)
        case "fresh token":
            data["token"] = comment_token(article, age_seconds=0)
        case "tampered token":
            data["token"] = comment_token(article)[:-3] + "xyz"
        case "other token":
            data["token"] = comment_token(make_article(slug="other"))
        case "old token":
            data["token"] = comment_token(article, age_seconds=3 * 24 * 60 * 60)
        case "flood ip":
            Comment.objects.create(
                article=article,
                name="Same Desk",
                email="colleague@example.org",
                body="Posted a moment ago.",
                ip_address="192.0.2.10",
            )
        case "flood email":
            Comment.objects.create(
                article=article,
                name="Rita",
                email="RITA@example.net",
                body="Posted a moment ago.",
                ip_address="198.51.100.7",
            )
        case "duplicate":
            said = approved_comment(
                article, email="rita@example.net", body="A thoughtful comment."
            )
            Comment.objects.filter(pk=said.pk).update(created_at=earlier)
    return data


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_refused_comment_shows_the_message_keeps_the_text_and_stores_nothing(
    post_comment, article, make_article, discussion, case
):
    data = _prepare(case, article, make_article, discussion)
    article.refresh_from_db()
    stored_before = Comment.objects.count()

    response = post_comment(article, **data)

    html = response.content.decode()
    assert response.status_code == case.status
    assert Comment.objects.count() == stored_before
    assert response["Cache-Control"] == "private, no-store"
    if case.status == 403:
        # No form on a closed article: the message, and the text to copy.
        assert text_of(html, "comment-refused") == (
            f"{case.message} Your comment was not posted. Here is what you wrote, "
            f"so that you can keep a copy: {data['body']}"
        )
        assert "Comments are closed." in html
        assert 'id="commentform"' not in html
        return
    if case.field:
        assert field_errors(html, case.field) == [case.message]
        assert form_errors(html) == []
    else:
        assert form_errors(html) == [case.message]
    values = form_values(html)
    typed = {key: data.get(key) or "" for key in ("body", "name", "email", "website")}
    assert {key: values[key] for key in typed} == typed


def test_refused_form_comes_back_with_a_fresh_token(post_comment, article):
    old = comment_token(article, age_seconds=3 * 24 * 60 * 60)

    response = post_comment(article, token=old)

    token = form_values(response.content.decode())["token"]
    assert token != old
    assert signing.loads(token, salt=TOKEN_SALT, max_age=60)["a"] == article.pk


def test_refused_reply_keeps_its_parent_and_heading(post_comment, article):
    parent = approved_comment(article, name="Bob Writer")

    response = post_comment(article, parent=str(parent.pk), name="")

    html = response.content.decode()
    assert response.status_code == 400
    assert text_of(html, "reply-title-text") == "Leave a Reply to Bob Writer"
    assert form_values(html)["parent"] == str(parent.pk)


def test_refused_reply_to_an_unusable_parent_falls_back_to_a_plain_comment(
    post_comment, article
):
    pending = approved_comment(article, status=Comment.Status.PENDING)

    response = post_comment(article, parent=str(pending.pk))

    html = response.content.decode()
    assert text_of(html, "reply-title-text") == "Leave a Reply"
    assert form_values(html)["parent"] == ""


def test_refused_remember_box_stays_ticked(post_comment, article):
    response = post_comment(article, remember="on", email="")

    assert form_values(response.content.decode())["remember"] is True
    assert "comment_author" not in response.cookies


def test_filled_honeypot_is_stored_as_spam_with_the_usual_notice(
    client, post_comment, article
):
    response = post_comment(article, honeypot="http://cheap.example/")

    comment = Comment.objects.get()
    assert response.status_code == 303
    assert (comment.status, comment.reason) == (
        Comment.Status.SPAM,
        "Filled in the hidden honeypot field.",
    )
    own = reader_state(client, article).json()
    own_html = own["pending"][0]["html"]
    assert f'<p class="comment-awaiting-moderation">{AWAITING}</p>' in own_html
    assert "A thoughtful comment." in own_html
    # (The tokens are random letters: only what the reader is shown is read.)
    assert "spam" not in json.dumps([own["pending"], own["author"]]).lower()
    assert "A thoughtful comment." not in page(Client(), article)
    assert (
        "A thoughtful comment." not in reader_state(Client(), article).content.decode()
    )


# Never a 500 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"parent": "99999999999999999999999999"},
        {"parent": "-5"},
        {"parent": "1.5"},
        {"token": "x" * 5000},
        {"token": signing.dumps(["not", "a", "dict"], salt=TOKEN_SALT)},
        {"token": signing.dumps({"a": "1", "t": "soon"}, salt=TOKEN_SALT)},
        {"body": "nul\x00byte"},
        {"name": "nul\x00byte"},
        {"email": "a@b.c\x00"},
        {"website": "https://\x00.example"},
        {"website": "https://" + "a" * 300 + ".example/"},
        {"body": "x" * 200_000},
        {"remember": "maybe"},
    ],
    ids=lambda data: ",".join(data) or "empty",
)
def test_junk_posts_are_refused_without_a_server_error(client, article, data):
    url = reverse("comments:post", args=[article.pk])

    # With a sound timing token the junk meets the form's checks...
    checked = client.post(
        url, {"token": comment_token(article)} | data, REMOTE_ADDR="192.0.2.10"
    )
    # ...without one, it is only shown back, to be confirmed.
    shown_back = client.post(url, data, REMOTE_ADDR="192.0.2.10")

    assert checked.status_code in {400, 303}
    if checked.status_code == 303:
        assert data == {"remember": "maybe"}  # a truthy box is ticked
    if "token" in data or len(data.get("body", "")) > 10_000:
        # Judged even without a timing token: a broken token, or a comment
        # too long to show back (tests/comments/test_comment_limits.py).
        assert shown_back.status_code == 400
    else:
        assert shown_back.status_code == 200
        assert CONFIRM in shown_back.content.decode()
    assert Comment.objects.count() == 0


def test_non_utf8_bytes_are_refused_without_a_server_error(client, article):
    response = client.post(
        reverse("comments:post", args=[article.pk]),
        b"body=%ff%fe%fd&name=%c3%28&email=%80@example.net&token=%ff",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_junk_client_address_is_not_stored(client, post_comment, article, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1

    response = client.post(
        reverse("comments:post", args=[article.pk]),
        {
            "body": "Through a proxy.",
            "name": "Rita",
            "email": "rita@example.net",
            "token": comment_token(article),
        },
        HTTP_X_FORWARDED_FOR="not-an-address",
    )

    assert response.status_code == 303
    assert Comment.objects.get().ip_address is None


def test_get_to_the_post_url_is_405(client, article):
    response = client.get(reverse("comments:post", args=[article.pk]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("kind", ["unknown", "draft", "scheduled", "huge"])
def test_post_for_an_article_readers_cannot_see_is_404(
    post_comment, make_article, kind
):
    if kind == "draft":
        article = make_article(slug="draft", status=Article.Status.DRAFT)
    elif kind == "scheduled":
        article = make_article(
            slug="soon", published_at=timezone.now() + timedelta(days=1)
        )
    else:
        article = make_article(slug="gone")
        article.pk = 987654 if kind == "unknown" else 2**70

    response = post_comment(article)

    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_post_without_a_csrf_token_stores_nothing_and_asks_to_confirm(article):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        reverse("comments:post", args=[article.pk]),
        {
            "body": "No token.",
            "name": "Rita",
            "email": "rita@example.net",
            "token": comment_token(article),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert CONFIRM in html
    assert form_values(html)["body"] == "No token."
    assert form_values(html)["csrfmiddlewaretoken"]
    assert response["Cache-Control"] == "private, no-store"
    assert Comment.objects.count() == 0


def test_post_through_the_rendered_form_with_csrf_checks_succeeds(article):
    browser = Client(enforce_csrf_checks=True)
    values = form_values(browser.get(article.get_absolute_url()).content.decode())
    assert values["csrfmiddlewaretoken"] == ""
    # What the page's script does: the CSRF token from the reader's state.
    values["csrfmiddlewaretoken"] = reader_state(browser, article).json()["csrf_token"]
    values |= {
        "body": "Typed in a real browser.",
        "name": "Rita",
        "email": "rita@example.net",
        "token": comment_token(article),
    }
    values.pop("remember")

    response = browser.post(reverse("comments:post", args=[article.pk]), values)

    assert response.status_code == 303
    assert Comment.objects.get().body == "Typed in a real browser."


# Closed articles --------------------------------------------------------------


def test_article_not_accepting_comments_shows_no_form_but_says_so(client, make_article):
    article = make_article(slug="closed", allow_comments=False)
    approved_comment(article, body="Said before closing.")

    html = page(client, article)

    assert '<p class="comments-closed">Comments are closed.</p>' in html
    assert 'id="commentform"' not in html
    assert "Leave a Reply" not in html
    assert "Said before closing." in html
    assert ">Reply</a>" not in html


def test_a_form_sent_without_the_csrf_cookie_gets_a_page_that_says_what_to_do(
    article,
):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        reverse("comments:post", args=[article.pk]),
        {"body": "Lost?", "name": "Rita", "email": "rita@example.net"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert CONFIRM in html
    assert "Nothing has been posted yet." in html
    assert form_values(html)["body"] == "Lost?"
    # Sending it again now works: the page set the cookie its token needs.
    assert browser.cookies["csrftoken"].value
    assert Comment.objects.count() == 0
