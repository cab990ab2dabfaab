"""A locked or unreachable database: a 503 with a retry hint, and no lost comment.

Failures are simulated by making every SQL statement raise, or only the
comment service; on SQLite a real write lock held by another connection is
tried too.
"""

import logging
import sqlite3
from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.messages.middleware import MessageMiddleware
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from comments.models import Comment, DiscussionSettings
from comments.views import NOT_SAVED_MESSAGE
from tests.comment_html import form_errors, form_values
from tests.conftest import comment_token

OUTAGE_HEADING = "We are back in a moment"
TYPED = {
    "body": "Line one of a long thought.\nLine two, <b>not</b> markup.",
    "name": "Rita Reader",
    "email": "rita@example.net",
    "website": "https://rita.example.net/",
}


LOCKED = OperationalError("database is locked")


def database_down(error=LOCKED):
    """Every SQL statement from now on fails with `error`."""
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=error
    )


@pytest.fixture
def article(make_article):
    return make_article(title="Open for comments", slug="open-for-comments")


@pytest.fixture
def quiet_client():
    # The default test client re-raises what a view raised, even when a
    # handler turned it into a response; a browser gets only the response.
    return Client(raise_request_exception=False)


def post_typed(client, article, **extra):
    data = {**TYPED, "token": comment_token(article), "honeypot": ""}
    data.update(extra)
    return client.post(
        reverse("comments:post", args=[article.pk]),
        data,
        REMOTE_ADDR="192.0.2.10",
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
    )


# Reader pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        OperationalError("could not connect to server: Connection refused"),
        InterfaceError("connection already closed"),
    ],
    ids=["locked", "unreachable", "closed"],
)
def test_reader_page_is_a_503_with_a_retry_hint(client, article, error):
    with database_down(error):
        response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert f"<h1>{OUTAGE_HEADING}</h1>" in html
    assert "please try again in 30 seconds" in html
    assert "Traceback" not in html
    assert str(error) not in html


def test_outage_is_logged_in_one_line_with_the_cause(client, article, caplog):
    with caplog.at_level(logging.ERROR, logger="newsroom"), database_down():
        client.get("/")

    records = [r for r in caplog.records if r.name == "newsroom.middleware"]
    assert [r.getMessage() for r in records] == [
        "Database unavailable during GET /: OperationalError: database is locked"
    ]
    assert records[0].exc_info is None


def test_outage_page_keeps_the_security_headers(client, article):
    with database_down():
        response = client.get("/", secure=True)

    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # Its one inline style block is what the page may carry.
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]


def test_failure_outside_a_view_is_a_503_too(quiet_client, article):
    # A middleware inside ours (here the messages one) hitting the database.
    with mock.patch.object(
        MessageMiddleware,
        "process_request",
        side_effect=OperationalError("database is locked"),
    ):
        response = quiet_client.get(article.get_absolute_url())

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_other_errors_are_still_a_500(quiet_client, settings, db):
    settings.ROOT_URLCONF = "tests.urls_error"

    response = quiet_client.get("/broken/")

    assert response.status_code == 500
    assert "Retry-After" not in response


# The comment form ------------------------------------------------------------------


def test_comment_that_cannot_be_stored_comes_back_as_typed(client, article):
    with mock.patch(
        "comments.views.comment_submit",
        side_effect=OperationalError("database is locked"),
    ):
        response = post_typed(client, article, parent="")

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert form_errors(html) == [NOT_SAVED_MESSAGE]
    values = form_values(html)
    assert {key: values[key] for key in TYPED} == TYPED
    assert Comment.objects.count() == 0
    # The form's own page, saying which article the comment is for.
    assert (
        '<h1 class="h3 mb-3"><a href="/articles/open-for-comments/">'
        "Open for comments</a></h1>"
    ) in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_reply_that_cannot_be_stored_keeps_its_reply_target(
    client, article, discussion
):
    parent = Comment.objects.create(
        article=article,
        name="First",
        email="first@example.org",
        body="First!",
        status=Comment.Status.APPROVED,
    )
    with mock.patch(
        "comments.views.comment_submit",
        side_effect=OperationalError("database is locked"),
    ):
        response = post_typed(client, article, parent=str(parent.pk))

    assert response.status_code == 503
    assert form_values(response.content.decode())["parent"] == str(parent.pk)


def test_comment_sent_again_after_the_outage_is_stored(client, article):
    token = comment_token(article)
    with mock.patch(
        "comments.views.comment_submit",
        side_effect=OperationalError("database is locked"),
    ):
        refused = post_typed(client, article, token=token)
    sent_back = form_values(refused.content.decode())

    again = post_typed(
        client, article, **{k: sent_back[k] for k in TYPED}, token=(sent_back["token"])
    )

    assert again.status_code == 303
    stored = Comment.objects.get()
    assert (stored.name, stored.email, stored.body) == (
        TYPED["name"],
        TYPED["email"],
        TYPED["body"],
    )


def test_comment_text_survives_when_no_page_can_be_read(quiet_client, article):
    with database_down(InterfaceError("connection already closed")):
        response = post_typed(quiet_client, article)

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "We could not save your comment just now." in html
    assert (
        "Line one of a long thought.\nLine two, &lt;b&gt;not&lt;/b&gt; markup." in html
    )
    # The reader's email goes nowhere, not even back to them on this page.
    assert TYPED["email"] not in html


# A real lock on SQLite ------------------------------------------------------------


@pytest.fixture
def short_busy_timeout():
    """Give up on a locked SQLite database after 0.2 s instead of 20."""
    options = connection.settings_dict["OPTIONS"]
    previous = options.get("timeout")
    connection.close()
    options["timeout"] = 0.2
    yield
    connection.close()
    options["timeout"] = previous


@contextmanager
def write_lock():
    """Another connection holding SQLite's write lock, as a long write would."""
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's own write lock is the case"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_comment_on_a_locked_sqlite_database_comes_back_as_typed(
    make_article, short_busy_timeout, caplog
):
    article = make_article(title="Open for comments", slug="open-for-comments")
    DiscussionSettings.load()  # a running site has its settings row already
    client = Client()

    with write_lock():
        with caplog.at_level(logging.ERROR, logger="newsroom"):
            response = post_typed(client, article)
        # Reading still works while the other writer holds the lock (WAL).
        reading = client.get(article.get_absolute_url())
    sent_again = post_typed(client, article)

    html = response.content.decode()
    assert response.status_code == 503
    assert form_errors(html) == [NOT_SAVED_MESSAGE]
    assert form_values(html)["body"] == TYPED["body"]
    logged = [r.getMessage() for r in caplog.records if r.name == "newsroom.middleware"]
    assert logged == [
        "Database unavailable during POST "
        f"{reverse('comments:post', args=[article.pk])}: "
        "OperationalError: database is locked"
    ]
    assert reading.status_code == 200
    assert sent_again.status_code == 303
    assert Comment.objects.filter(article=article).count() == 1
