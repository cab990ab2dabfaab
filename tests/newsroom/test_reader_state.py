"""`/reader/state/`: what is one reader's own, privately, for the page's script."""

import pytest
from django.core import signing
from django.test import Client

from articles.models import Article
from comments.forms import TOKEN_SALT
from comments.models import Comment

UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


def reader(**extra) -> Client:
    return Client(HTTP_USER_AGENT=UA, **extra)


def state(client, article=None, **extra):
    url = "/reader/state/" + (f"?article={article.pk}" if article else "")
    return client.get(url, **extra)


@pytest.fixture
def article(make_article):
    return make_article(title="Stateful", slug="stateful")


def test_it_is_private_json_and_never_kept(article):
    response = state(reader(), article)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response
    assert "Cookie" in response["Vary"]


def test_it_gives_a_csrf_token_that_posts_the_shared_form(article, discussion):
    discussion.min_fill_seconds = 0
    discussion.save()
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=UA)
    page = client.get(article.get_absolute_url())
    assert 'name="csrfmiddlewaretoken" value=""' in page.content.decode()

    tokens = state(client, article).json()
    response = client.post(
        f"/comments/post/{article.pk}/",
        {
            "body": "Sent from a shared page.",
            "name": "Rita Reader",
            "email": "rita@example.net",
            "csrfmiddlewaretoken": tokens["csrf_token"],
            "token": tokens["form_token"],
        },
    )

    assert response.status_code == 303
    assert Comment.objects.get().body == "Sent from a shared page."
    assert client.cookies["csrftoken"].value


def test_the_form_token_is_issued_now_for_that_article(article):
    token = state(reader(), article).json()["form_token"]

    payload = signing.loads(token, salt=TOKEN_SALT)
    assert payload["a"] == article.pk


def test_two_readers_get_different_tokens(article):
    first = state(reader(), article).json()
    second = state(reader(), article).json()

    assert first["csrf_token"] != second["csrf_token"]
    assert first["form_token"] != second["form_token"]


def test_no_form_token_when_comments_are_closed(make_article):
    closed = make_article(slug="closed", allow_comments=False)

    assert "form_token" not in state(reader(), closed).json()


def test_remembered_details_are_the_readers_own(article, post_comment, discussion):
    client = reader()
    post_comment(article, client=client, remember="on", website="https://rita.example")

    mine = state(client, article).json()
    theirs = state(reader(), article).json()

    assert mine["author"] == {
        "name": "Rita Reader",
        "email": "rita@example.net",
        "website": "https://rita.example",
    }
    assert theirs["author"] is None
    assert "rita@example.net" not in str(theirs)


def test_own_pending_comments_come_as_html_to_their_author_only(article, post_comment):
    client = reader()
    post_comment(article, client=client, body="Waiting <b>here</b>.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    mine = state(client, article).json()
    theirs = state(reader(), article).json()

    assert [item["id"] for item in mine["pending"]] == [comment.pk]
    html = mine["pending"][0]["html"]
    assert f'id="comment-{comment.pk}"' in html
    assert "Your comment is awaiting moderation." in html
    assert "Waiting &lt;b&gt;here&lt;/b&gt;." in html
    assert "rita@example.net" not in html
    assert "pending" not in theirs
    # The shared page itself shows nobody's pending comment.
    assert "Waiting" not in client.get(article.get_absolute_url()).content.decode()


def test_asking_counts_the_view_once_and_says_the_count_now(article):
    client = reader(REMOTE_ADDR="192.0.2.1")

    first = state(client, article).json()["views"]
    second = state(client, article).json()["views"]
    other = state(reader(REMOTE_ADDR="192.0.2.2"), article).json()["views"]

    assert (first, second, other) == (1, 1, 2)
    article.refresh_from_db()
    assert article.view_count == 2


def test_the_page_shows_the_stored_count_when_made(article, uncached):
    Article.objects.filter(pk=article.pk).update(view_count=1234)

    html = reader().get(article.get_absolute_url()).content.decode()

    assert 'Views: <span class="view-count">1,234</span>' in html


def test_a_page_view_alone_counts_nothing(article):
    reader().get(article.get_absolute_url())

    article.refresh_from_db()
    assert article.view_count == 0


@pytest.mark.parametrize(
    "agent", ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", ""]
)
def test_machines_are_not_counted(article, agent):
    response = Client(HTTP_USER_AGENT=agent).get(f"/reader/state/?article={article.pk}")

    assert response.json()["views"] == 0


def test_staff_are_not_counted(article, staff_editor):
    client = reader()
    client.force_login(staff_editor)

    assert state(client, article).json()["views"] == 0


def test_a_draft_is_never_counted_nor_told(make_article):
    draft = make_article(slug="draft", status=Article.Status.DRAFT)

    answer = state(reader(), draft).json()

    assert answer["views"] is None
    assert "form_token" not in answer
    draft.refresh_from_db()
    assert draft.view_count == 0


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "٣", str(2**63), ""])
def test_a_bad_article_number_is_a_clear_400(db, value):
    response = reader().get("/reader/state/", {"article": value})

    assert response.status_code == 400
    assert response.json() == {
        "error": f"article must be a whole number from 1 to {2**63 - 1}."
    }


def test_without_an_article_only_the_token_and_author(db):
    answer = state(reader()).json()

    assert set(answer) == {"csrf_token", "author"}


@pytest.mark.parametrize("method", ["post", "head", "put", "delete"])
def test_it_answers_get_only(article, method):
    response = getattr(reader(), method)(f"/reader/state/?article={article.pk}")

    assert response.status_code == 405
    article.refresh_from_db()
    assert article.view_count == 0


def test_the_article_page_points_its_script_at_the_state(article):
    html = reader().get(article.get_absolute_url()).content.decode()

    assert f'data-reader-state="/reader/state/?article={article.pk}"' in html
    assert '<script src="/static/js/reader.js" defer></script>' in html
