"""Long discussions come 50 threads a page (?cpage=N); comments keep lasting links."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from comments.models import Comment

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
COMMENT_ID = re.compile(r'<li id="comment-(\d+)"')


@pytest.fixture
def article(make_article):
    return make_article(title="Long discussion", slug="long-discussion")


@pytest.fixture
def threads(article):
    """120 top-level comments, oldest first; each of the first three has a reply."""
    roots = [
        Comment.objects.create(
            article=article,
            name=f"Reader {number}",
            email=f"reader{number}@example.org",
            body=f"Thread {number}.",
            status=Comment.Status.APPROVED,
        )
        for number in range(120)
    ]
    replies = [
        Comment.objects.create(
            article=article,
            parent=root,
            depth=2,
            name=f"Replier {number}",
            email=f"replier{number}@example.org",
            body=f"Reply to thread {number}.",
            status=Comment.Status.APPROVED,
        )
        for number, root in enumerate(roots[:3])
    ]
    return roots, replies


def shown_ids(response) -> list[int]:
    return [int(pk) for pk in COMMENT_ID.findall(response.content.decode())]


def test_the_first_page_shows_the_fifty_oldest_threads_with_their_replies(
    client, article, threads
):
    roots, replies = threads

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    expected = []
    for number, root in enumerate(roots[:50]):
        expected.append(root.pk)
        if number < 3:
            expected.append(replies[number].pk)
    assert shown_ids(response) == expected
    assert '<h2 id="comments-title" class="comments-title">123 Comments</h2>' in html
    assert 'href="/articles/long-discussion/?cpage=2#comments" rel="next">' in html
    assert "Older comments" not in html
    assert '<span aria-current="page" class="fw-semibold">1</span>' in html


def test_later_pages_show_the_next_threads(client, article, threads):
    roots, _ = threads

    second = client.get(article.get_absolute_url(), {"cpage": "2"})
    last = client.get(article.get_absolute_url(), {"cpage": "3"})

    assert shown_ids(second) == [root.pk for root in roots[50:100]]
    assert shown_ids(last) == [root.pk for root in roots[100:]]
    last_html = last.content.decode()
    assert 'href="/articles/long-discussion/?cpage=2#comments" rel="prev">' in last_html
    assert "Newer comments" not in last_html


@pytest.mark.parametrize("cpage", ["0", "4", "abc", "", "-1", "1.5", "٣", "9" * 30])
def test_a_page_that_does_not_exist_is_a_404(client, article, threads, cpage):
    response = client.get(article.get_absolute_url(), {"cpage": cpage})

    assert response.status_code == 404


def test_an_article_without_comments_has_one_page(client, article):
    assert client.get(article.get_absolute_url(), {"cpage": "1"}).status_code == 200
    assert client.get(article.get_absolute_url(), {"cpage": "2"}).status_code == 404


def test_later_pages_cost_no_more_queries(client, article, threads):
    # The first view is counted (an UPDATE); both measured views are repeats.
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=READER_UA)
    counts = []
    for cpage in ("1", "3"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                article.get_absolute_url(),
                {"cpage": cpage},
                HTTP_USER_AGENT=READER_UA,
            )
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_reply_to_a_thread_on_a_later_page_opens_the_form_for_it(
    client, article, threads
):
    roots, _ = threads

    response = client.get(article.get_absolute_url(), {"replytocom": roots[110].pk})

    assert "Leave a Reply to Reader 110" in response.content.decode()


# Lasting links -----------------------------------------------------------------------


def test_a_comment_link_leads_to_the_page_that_shows_it(client, article, threads):
    roots, replies = threads

    first = client.get(roots[0].get_absolute_url())
    reply = client.get(replies[2].get_absolute_url())
    later = client.get(roots[60].get_absolute_url())
    last = client.get(roots[119].get_absolute_url())

    assert roots[0].get_absolute_url() == f"/comments/{roots[0].pk}/"
    assert first["Location"] == f"/articles/long-discussion/#comment-{roots[0].pk}"
    assert reply["Location"] == f"/articles/long-discussion/#comment-{replies[2].pk}"
    assert later["Location"] == (
        f"/articles/long-discussion/?cpage=2#comment-{roots[60].pk}"
    )
    assert last["Location"] == (
        f"/articles/long-discussion/?cpage=3#comment-{roots[119].pk}"
    )


def test_links_to_comments_readers_cannot_see_are_404s(client, article, make_article):
    pending = Comment.objects.create(
        article=article, name="Held", email="held@example.org", body="Held."
    )
    draft = make_article(slug="draft", status=Article.Status.DRAFT)
    on_draft = Comment.objects.create(
        article=draft,
        name="Early",
        email="early@example.org",
        body="Early.",
        status=Comment.Status.APPROVED,
    )

    assert client.get(pending.get_absolute_url()).status_code == 404
    assert client.get(on_draft.get_absolute_url()).status_code == 404
    assert client.get("/comments/99999999999999999999/").status_code == 404


def test_a_commenter_follows_the_link_to_their_own_pending_reply(
    client, post_comment, article, threads
):
    roots, _ = threads

    response = post_comment(article, parent=str(roots[75].pk), body="My reply.")
    reply = Comment.objects.get(body="My reply.")
    link = client.get(reply.get_absolute_url())

    assert response.status_code == 303
    assert response["Location"] == (
        f"/articles/long-discussion/?cpage=2#comment-{reply.pk}"
    )
    # Its lasting address, for its author while it waits: a page of its own.
    assert link.status_code == 200
    assert "private" in link["Cache-Control"]
    assert f'id="comment-{reply.pk}"' in link.content.decode()
    assert "Your comment is awaiting moderation." in link.content.decode()
    # The page shows the parent; the page's script puts the reply under it,
    # from the reader's own state.
    page = client.get(response["Location"])
    assert f'id="comment-{roots[75].pk}"' in page.content.decode()
    assert f'id="comment-{reply.pk}"' not in page.content.decode()
    state = client.get(reverse("reader-state"), {"article": article.pk}).json()
    (pending,) = state["pending"]
    assert (pending["id"], pending["parent"]) == (reply.pk, roots[75].pk)
    assert f'id="comment-{reply.pk}"' in pending["html"]
    assert "Your comment is awaiting moderation." in pending["html"]


def test_the_comment_feed_links_each_comment_by_its_lasting_address(
    client, article, threads
):
    roots, _ = threads

    feed = client.get(reverse("feeds:comments", args=[article.slug])).content.decode()

    assert f"<link>http://testserver/comments/{roots[119].pk}/</link>" in feed
