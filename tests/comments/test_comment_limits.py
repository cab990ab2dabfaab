"""What the comment endpoint takes: a length limit, and text it can read.

The longest comment is a discussion setting (10,000 characters unless changed
in the admin), counted as the reader's browser counts it. A longer one is
refused before anything else, with its length and the limit and no other
message, and its text is not shown back: the page stays small whatever was
sent. A post whose bytes are not UTF-8 is refused with a message and nothing
of it shown or stored.
"""

from unittest import mock
from urllib.parse import urlencode

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from comments.models import Comment, DiscussionSettings
from comments.rules import CLOSED_MESSAGE
from tests.comment_html import field_errors, form_errors, form_values, parse
from tests.comments.test_discussion_settings_admin import form_data as settings_form
from tests.conftest import comment_token

UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
UNREADABLE = (
    "Your browser sent text we could not read (it was not UTF-8, the encoding "
    "this site uses). Nothing was posted: please write your comment again and "
    "send it."
)
CONFIRM = "One more step: check your comment and send it."
MEGABYTE = 1_048_576
TYPED = {
    "name": "Rita Reader",
    "email": "rita@example.net",
    "website": "https://rita.example/",
    "remember": "on",
}
SETTINGS = reverse("admin:comments_discussionsettings_change", args=[1])


def too_long(length: str, limit: str = "10,000") -> str:
    return (
        f"Your comment is {length} characters long; the most we take is {limit}. "
        "Shorten it and send it again."
    )


@pytest.fixture
def article(make_article):
    return make_article(title="Open for comments", slug="open-for-comments")


def url(article) -> str:
    return reverse("comments:post", args=[article.pk])


def body_maxlength(html: str) -> str | None:
    """The `maxlength` of the comment box, or None when there is none."""
    boxes = [
        attributes
        for tag, attributes in parse(html).tags
        if tag == "textarea" and attributes.get("name") == "body"
    ]
    assert len(boxes) == 1
    return boxes[0].get("maxlength")


# The length limit ------------------------------------------------------------------


def test_a_comment_one_over_the_limit_is_refused_with_its_length_alone(
    post_comment, article, discussion
):
    response = post_comment(article, body="w" * 10_001, **TYPED)

    html = response.content.decode()
    assert response.status_code == 400
    assert field_errors(html, "body") == [too_long("10,001")]
    assert form_errors(html) == []
    for name in ("name", "email", "website", "honeypot"):
        assert field_errors(html, name) == []
    assert response["Cache-Control"] == "private, no-store"
    assert Comment.objects.count() == 0


def test_the_length_is_checked_before_anything_else(post_comment, article):
    # Every other field wrong too, and the token sent too soon: one message.
    response = post_comment(
        article,
        body="w" * 10_001,
        name="",
        email="not-an-address",
        website="javascript:alert(1)",
        parent="abc",
        token=comment_token(article, age_seconds=0),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert field_errors(html, "body") == [too_long("10,001")]
    assert form_errors(html) == []
    for name in ("name", "email", "website"):
        assert field_errors(html, name) == []


def test_a_comment_of_exactly_the_limit_is_stored(post_comment, article):
    body = "w" * 10_000

    response = post_comment(article, body=body)

    assert response.status_code == 303
    assert Comment.objects.get().body == body


def test_line_breaks_count_as_one_character_as_in_the_browser(post_comment, article):
    # 10,000 characters in the box, sent as 10,100 (each break as CRLF).
    body = ("w" * 99 + "\r\n") * 99 + "w" * 100

    response = post_comment(article, body=body)

    assert len(body) == 10_099
    assert response.status_code == 303
    assert Comment.objects.get().body == body.replace("\r\n", "\n")


def test_a_megabyte_is_not_sent_back_and_the_rest_is_kept(post_comment, article):
    response = post_comment(article, body="x" * MEGABYTE, **TYPED)

    html = response.content.decode()
    assert response.status_code == 400
    assert field_errors(html, "body") == [too_long("1,048,576")]
    assert len(response.content) < 50_000
    assert "x" * 100 not in html
    values = form_values(html)
    assert values["body"] == ""
    assert {key: values[key] for key in TYPED} == {
        "name": "Rita Reader",
        "email": "rita@example.net",
        "website": "https://rita.example/",
        "remember": True,
    }
    assert values["token"]  # a fresh one, to send the text shortened
    assert Comment.objects.count() == 0


def test_a_megabyte_without_tokens_is_refused_not_offered_to_confirm(article):
    # No script ran: the confirmation page would show the text back whole.
    browser = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=UA)

    response = browser.post(
        url(article),
        {"body": "x" * MEGABYTE, "csrfmiddlewaretoken": "", "token": ""} | TYPED,
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert CONFIRM not in html
    assert field_errors(html, "body") == [too_long("1,048,576")]
    assert len(response.content) < 50_000
    values = form_values(html)
    assert values["body"] == ""
    assert (values["name"], values["email"], values["website"]) == (
        "Rita Reader",
        "rita@example.net",
        "https://rita.example/",
    )
    assert values["csrfmiddlewaretoken"] and values["token"]
    assert Comment.objects.count() == 0


def test_staff_are_held_to_the_same_limit(client, article, staff_editor):
    client.force_login(staff_editor)

    response = client.post(
        url(article),
        {"body": "x" * MEGABYTE, "token": comment_token(article, staff=True)},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="logged-in-as"' in html
    assert field_errors(html, "body") == [too_long("1,048,576")]
    assert form_values(html)["body"] == ""
    assert len(response.content) < 50_000
    assert Comment.objects.count() == 0


def test_a_long_comment_on_a_closed_article_is_told_it_is_closed(
    post_comment, make_article
):
    closed = make_article(slug="closed", allow_comments=False)

    response = post_comment(closed, body="x" * MEGABYTE)

    html = response.content.decode()
    assert response.status_code == 403
    assert CLOSED_MESSAGE in html
    assert len(response.content) < 50_000
    assert Comment.objects.count() == 0


def test_a_megabyte_is_not_sent_back_when_the_database_is_down(article):
    client = Client(raise_request_exception=False)

    with mock.patch.object(
        DiscussionSettings, "load", side_effect=OperationalError("locked")
    ):
        response = client.post(
            url(article),
            {"body": "x" * MEGABYTE, "token": comment_token(article)} | TYPED,
        )

    assert response.status_code == 503
    assert len(response.content) < 50_000


def test_the_refusal_adds_no_query(
    client, article, discussion, django_assert_num_queries
):
    # As any refused post: the article, the discussion settings (read once),
    # and the site's navigation on the page.
    with django_assert_num_queries(3):
        ordinary = client.post(
            url(article), {"body": "Fine.", "token": comment_token(article)}
        )
    with django_assert_num_queries(3):
        response = client.post(
            url(article),
            {"body": "x" * 10_001, "token": comment_token(article)} | TYPED,
        )

    assert (ordinary.status_code, response.status_code) == (400, 400)


# The limit in the page and in the admin ------------------------------------------


def test_the_comment_box_stops_at_the_limit(client, article, discussion):
    assert body_maxlength(client.get(article.get_absolute_url()).content.decode()) == (
        "10000"
    )

    discussion.max_comment_length = 2500
    discussion.save()

    html = client.get(article.get_absolute_url()).content.decode()
    assert body_maxlength(html) == "2500"


def test_the_refused_form_and_the_staff_form_carry_the_limit(
    client, post_comment, article, discussion, staff_editor
):
    discussion.max_comment_length = 2500
    discussion.save()

    refused = post_comment(article, body="x" * 2501).content.decode()
    client.force_login(staff_editor)
    staff_page = client.get(article.get_absolute_url()).content.decode()

    assert body_maxlength(refused) == "2500"
    assert field_errors(refused, "body") == [too_long("2,501", "2,500")]
    assert body_maxlength(staff_page) == "2500"


def test_a_limit_changed_in_the_admin_takes_effect_at_once(
    admin_client, post_comment, article, discussion
):
    reader = Client()
    assert body_maxlength(reader.get(article.get_absolute_url()).content.decode()) == (
        "10000"
    )

    saved = admin_client.post(SETTINGS, settings_form(max_comment_length="500"))

    assert saved.status_code == 302
    assert DiscussionSettings.load().max_comment_length == 500
    # The shared page, kept by the page cache, is made again with the new limit.
    html = reader.get(article.get_absolute_url()).content.decode()
    assert body_maxlength(html) == "500"
    refused = post_comment(article, body="w" * 501)
    assert refused.status_code == 400
    assert field_errors(refused.content.decode(), "body") == [too_long("501", "500")]
    stored = post_comment(article, body="w" * 500, address="192.0.2.11")
    assert stored.status_code == 303


def test_the_admin_explains_the_limit(admin_client, discussion):
    response = admin_client.get(SETTINGS)

    form = response.context["adminform"]
    assert ("Length", ["max_comment_length"]) in [
        (name, list(options["fields"])) for name, options in form.fieldsets
    ]
    field = form.form.fields["max_comment_length"]
    assert field.label == "Longest comment (characters)"
    assert field.initial == 10_000
    assert field.help_text == (
        "The most characters a comment may have, counted as the reader's browser "
        "counts them (a line break is one). The comment box stops there; a longer "
        "comment is refused with its length and this limit."
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("99", "Allow at least 100 characters: fewer would refuse ordinary comments."),
        (
            "100001",
            "At most 100,000 characters: a longer comment might not fit in what "
            "the site reads of a request.",
        ),
        ("", "This field is required."),
    ],
)
def test_a_limit_out_of_range_is_refused(admin_client, discussion, value, message):
    response = admin_client.post(SETTINGS, settings_form(max_comment_length=value))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "max_comment_length": [message]
    }
    assert DiscussionSettings.objects.get().max_comment_length == 10_000


@pytest.mark.parametrize("value", [100, 100_000])
def test_the_ends_of_the_range_are_allowed(admin_client, discussion, value):
    response = admin_client.post(SETTINGS, settings_form(max_comment_length=value))

    assert response.status_code == 302
    assert DiscussionSettings.objects.get().max_comment_length == value


# Text that cannot be read --------------------------------------------------------


FORM = "application/x-www-form-urlencoded"


def fields(article) -> bytes:
    return (
        "&name=Rita+Reader&email=rita%40example.net&token=" + comment_token(article)
    ).encode()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda article: b"\xff\xfe", id="raw-bytes-alone"),
        pytest.param(
            lambda article: b"body=caf\xe9+au+lait" + fields(article), id="raw-latin-1"
        ),
        pytest.param(
            lambda article: b"body=%ff%fe+hello" + fields(article), id="escaped-bytes"
        ),
        pytest.param(
            lambda article: b"body=ok" + fields(article).replace(b"Rita", b"R%e9ta"),
            id="in-the-name",
        ),
    ],
)
def test_a_post_that_is_not_utf8_is_refused_and_nothing_stored(client, article, body):
    response = client.post(url(article), body(article), content_type=FORM)

    html = response.content.decode()
    assert response.status_code == 400
    assert form_errors(html) == [UNREADABLE]
    values = form_values(html)
    # Nothing of it shown back, so no replacement characters either.
    assert (values["body"], values["name"], values["email"]) == ("", "", "")
    assert "\ufffd" not in html
    assert values["token"]
    assert Comment.objects.count() == 0


def test_a_multipart_post_that_is_not_utf8_is_refused(client, article):
    parts = {
        "body": b"caf\xe9",
        "name": b"Rita",
        "email": b"rita@example.net",
        "token": comment_token(article).encode(),
    }
    payload = b"".join(
        b'--edge\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (name.encode(), value)
        for name, value in parts.items()
    )

    response = client.post(
        url(article),
        payload + b"--edge--\r\n",
        content_type="multipart/form-data; boundary=edge",
    )

    assert response.status_code == 400
    assert form_errors(response.content.decode()) == [UNREADABLE]
    assert Comment.objects.count() == 0


def test_an_unreadable_post_without_tokens_is_refused_too(article):
    browser = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=UA)

    response = browser.post(url(article), b"\xff\xfe", content_type=FORM)

    html = response.content.decode()
    assert response.status_code == 400
    assert CONFIRM not in html
    assert form_errors(html) == [UNREADABLE]
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("encoded", [False, True], ids=["multipart", "urlencoded"])
def test_non_ascii_utf8_is_stored_as_sent(client, article, encoded):
    data = {
        "body": "Zoë — 東京 🙂",
        "name": "Zoë Ōtsuka",
        "email": "zoe@example.net",
        "token": comment_token(article),
    }
    if encoded:
        response = client.post(url(article), urlencode(data), content_type=FORM)
    else:
        response = client.post(url(article), data)

    assert response.status_code == 303
    stored = Comment.objects.get()
    assert (stored.body, stored.name) == ("Zoë — 東京 🙂", "Zoë Ōtsuka")


def test_a_form_declared_in_another_charset_is_refused_without_an_error(
    client, article
):
    # The client encodes it in the charset named: "ë" is the one byte E9.
    # Django itself refuses a form body declared in anything but UTF-8.
    body = "body=Zoë+writes" + fields(article).decode()

    response = client.post(
        url(article), body, content_type=f"{FORM}; charset=iso-8859-1"
    )

    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_an_unreadable_refusal_adds_no_query(
    client, article, discussion, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.post(url(article), b"\xff\xfe", content_type=FORM)

    assert response.status_code == 400
