"""Commenting from a shared page without its script: confirm once, then stored.

The article page carries no token (every reader gets the same bytes); its
script fills them in from /reader/state/. A post without them is shown back
with fresh tokens, and one more click sends it. Logged-in staff get Django's
full CSRF protection instead. Each timing token is accepted once.
"""

import re
import time
from unittest import mock

import pytest
from django.test import Client

from comments.forms import SPENT_MESSAGE
from comments.models import Comment

UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
TYPED = {
    "body": "Typed without a script <b>bold</b>.",
    "name": "Nora Noscript",
    "email": "nora@example.net",
    "website": "https://nora.example",
    "parent": "",
    "csrfmiddlewaretoken": "",
    "token": "",
    "honeypot": "",
}


@pytest.fixture
def article(make_article):
    return make_article(title="Read me", slug="read-me")


def browser() -> Client:
    return Client(enforce_csrf_checks=True, HTTP_USER_AGENT=UA)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def test_a_post_without_tokens_is_shown_back_ready_to_send(article):
    client = browser()

    response = client.post(f"/comments/post/{article.pk}/", TYPED)

    html = response.content.decode()
    assert response.status_code == 200
    assert "One more step: check your comment and send it." in html
    assert "Typed without a script &lt;b&gt;bold&lt;/b&gt;." in html
    assert 'value="Nora Noscript"' in html
    assert 'value="nora@example.net"' in html
    assert hidden(html, "csrfmiddlewaretoken")
    assert hidden(html, "token")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert Comment.objects.count() == 0


def confirmation(client, article) -> dict:
    """Post TYPED without tokens; return what the confirmation page would send."""
    page = client.post(f"/comments/post/{article.pk}/", TYPED).content.decode()
    return TYPED | {
        name: hidden(page, name)
        for name in ("csrfmiddlewaretoken", "token", "confirmed")
    }


def test_one_more_click_stores_it(article):
    client = browser()
    again = confirmation(client, article)
    assert again["confirmed"] == "1"

    # A reader takes a few seconds to look it over (the minimum is 3).
    with mock.patch("comments.forms.time.time", return_value=time.time() + 5):
        response = client.post(f"/comments/post/{article.pk}/", again)

    assert response.status_code == 303
    stored = Comment.objects.get()
    assert (stored.name, stored.body) == ("Nora Noscript", TYPED["body"])
    # Without the page's script, the comment's own address says it waits.
    assert response["Location"] == f"/comments/{stored.pk}/"
    own = client.get(response["Location"])
    assert own.status_code == 200
    assert "Your comment is awaiting moderation." in own.content.decode()
    assert "no-store" in own["Cache-Control"]
    assert "nora@example.net" not in own.content.decode()
    # Nobody else gets it there.
    assert browser().get(response["Location"]).status_code == 404


def test_the_minimum_time_holds_on_the_confirmed_form_too(article):
    client = browser()
    again = confirmation(client, article)

    response = client.post(f"/comments/post/{article.pk}/", again)

    assert response.status_code == 400
    assert "That was quick!" in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_form_token_without_a_csrf_token_is_confirmed_too(article, post_comment):
    client = browser()

    response = post_comment(article, client=client)

    assert response.status_code == 200
    assert "One more step" in response.content.decode()
    assert Comment.objects.count() == 0


def test_logged_in_staff_get_the_full_csrf_protection(article, staff_editor):
    client = browser()
    client.force_login(staff_editor)

    response = client.post(
        f"/comments/post/{article.pk}/", {"body": "Forged reply", "token": "x"}
    )

    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_a_timing_token_is_accepted_once(article, post_comment):
    from tests.conftest import comment_token

    token = comment_token(article)
    first = post_comment(article, token=token, body="The first one.")
    second = post_comment(
        article,
        token=token,
        body="A replay.",
        email="other@example.net",
        address="192.0.2.99",
    )

    assert first.status_code == 303
    assert second.status_code == 400
    assert SPENT_MESSAGE in second.content.decode()
    assert list(Comment.objects.values_list("body", flat=True)) == ["The first one."]


def test_a_refused_form_keeps_everything_and_says_why(article, post_comment):
    response = post_comment(article, email="not an address", body="Kept text.")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Your comment was not posted" in html
    assert "Enter a valid email address, like name@example.com." in html
    assert "Kept text." in html
    assert 'aria-invalid="true"' in html
    assert "private" in response["Cache-Control"]
    assert Comment.objects.count() == 0
