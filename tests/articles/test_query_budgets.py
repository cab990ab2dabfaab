"""Every reader page runs a fixed number of queries, however much it shows.

Each budget is measured once with one item and once with fifty: the two must be
equal, and equal to the number written here, so a new N+1 query or a new query
per page both show up as a failure.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag
from comments.models import Comment

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


@pytest.fixture(autouse=True)
def _made_afresh(uncached, discussion):
    # What a page costs when it is made, which every page is once after each
    # change: the page cache off (kept pages cost none: test_page_cache.py).
    # The settings row exists, as on any site that has shown a page.
    return discussion


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_USER_AGENT=READER_UA)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def shared(db, contributor):
    """The contributor, category and tag every built article shares."""
    return {
        "contributor": contributor,
        "category": Category.objects.create(name="Shared section", slug="shared"),
        "tag": Tag.objects.create(name="Shared tag", slug="shared"),
    }


@pytest.fixture
def build_articles(make_article, shared):
    """Add `count` published articles, each in 2 categories and with 3 tags.

    One category and one tag are shared (so every list page shows them all);
    the others are each article's own, so prefetching has distinct rows to fetch.
    """
    built = 0

    def build(count: int) -> None:
        nonlocal built
        now = timezone.now()
        for _ in range(count):
            built += 1
            own_category = Category.objects.create(
                name=f"Section {built}", slug=f"section-{built}"
            )
            own_tags = [
                Tag.objects.create(
                    name=f"Tag {built}{suffix}", slug=f"tag-{built}{suffix}"
                )
                for suffix in ("a", "b")
            ]
            make_article(
                title=f"Article {built}",
                slug=f"article-{built}",
                published_at=now - timedelta(minutes=built),
                categories=[shared["category"], own_category],
                tags=[shared["tag"], *own_tags],
            )

    return build


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 6),
        ("/category/shared/", 7),
        ("/tag/shared/", 6),
        ("/contributors/ada-reporter/", 6),
    ],
)
def test_list_page_query_count_does_not_grow_with_articles(
    client, build_articles, url, budget
):
    build_articles(1)
    with_one = count_queries(client, url)
    build_articles(49)
    with_fifty = count_queries(client, url)

    assert (with_one, with_fifty) == (budget, budget)


def test_month_archive_query_count_does_not_grow_with_articles(client, build_articles):
    build_articles(1)
    first = Article.objects.get(slug="article-1")
    url = timezone.localtime(first.published_at).strftime("/%Y/%m/")
    with_one = count_queries(client, url)
    build_articles(49)
    with_fifty = count_queries(client, url)

    # Months (the archive's index, and this month counted live: also the 404
    # check and the month links), paginator count, page, sections, tags and
    # the section menu.
    assert (with_one, with_fifty) == (7, 7)


def test_home_page_two_runs_the_same_number_of_queries(client, build_articles):
    build_articles(50)

    assert count_queries(client, "/?page=2") == 6


def test_article_page_query_count_does_not_grow_with_categories_and_tags(
    client, make_article
):
    def article_with(count: int, prefix: str) -> str:
        categories = Category.objects.bulk_create(
            Category(name=f"{prefix} section {i}", slug=f"{prefix}-section-{i}")
            for i in range(count)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{prefix} tag {i}", slug=f"{prefix}-tag-{i}")
            for i in range(count)
        )
        article = make_article(
            slug=f"{prefix}-article", categories=categories, tags=tags
        )
        return article.get_absolute_url()

    # Neighbours on both sides, so the previous/next queries find something.
    now = timezone.now()
    make_article(slug="older", published_at=now - timedelta(days=30))
    make_article(slug="newer", published_at=now - timedelta(minutes=1))
    one_url = article_with(1, "one")
    fifty_url = article_with(50, "fifty")

    # Article, sections, tags, discussion settings, comments, previous, next,
    # most read, related (one statement; no other article shares a tag or a
    # section, so no second query for the winners) and the section menu.
    assert (count_queries(client, one_url), count_queries(client, fifty_url)) == (
        10,
        10,
    )


def add_threaded_comments(article, count: int, *, staff_user) -> None:
    """`count` approved comments in threads five deep, some by staff."""
    made = 0
    parents: list[Comment | None] = [None]
    while made < count:
        parent = parents[made % len(parents)]
        depth = parent.depth + 1 if parent else 1
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            depth=depth,
            name=f"Reader {made}",
            email=f"reader{made}@example.org",
            website="https://reader.example/" if made % 3 else "",
            body=f"Comment {made} with a link https://example.com/{made}.",
            status=Comment.Status.APPROVED,
            user=staff_user if made % 7 == 6 else None,
        )
        made += 1
        if depth < 5:
            parents.append(comment)


def test_article_page_query_count_does_not_grow_with_comments(
    client, make_article, django_user_model, settings
):
    # Every thread on one page: the count must not grow with what is shown.
    settings.NEWSROOM_COMMENT_THREADS_PER_PAGE = 200
    staff = django_user_model.objects.create_user(username="desk", is_staff=True)
    Contributor.objects.create(name="Desk", slug="desk", user=staff)
    one = make_article(slug="one-comment")
    many = make_article(slug="many-comments")
    add_threaded_comments(one, 1, staff_user=staff)
    add_threaded_comments(many, 200, staff_user=staff)
    # Spam, trash and others' pending comments are filtered out in the same query.
    for status in ("pending", "spam", "trash"):
        Comment.objects.create(
            article=many, name="Hidden", email="h@example.org", body="x", status=status
        )

    one_count = count_queries(client, one.get_absolute_url())
    many_html = client.get(many.get_absolute_url()).content.decode()
    many_count = count_queries(client, many.get_absolute_url())

    assert many_html.count('<li id="comment-') == 200
    assert many_html.count('class="comment-staff-title"') == 28
    # No tags or categories: the related articles need no query.
    assert (one_count, many_count) == (9, 9)


def test_a_commenters_own_cookies_change_neither_the_page_nor_its_cost(
    client, make_article, post_comment
):
    article = make_article(slug="pending-own")
    add_threaded_comments(article, 20, staff_user=None)
    before_html = client.get(article.get_absolute_url()).content
    before = count_queries(client, article.get_absolute_url())

    post_comment(article, remember="on")
    after_html = client.get(article.get_absolute_url()).content
    after = count_queries(client, article.get_absolute_url())

    # Their pending comment and details come from /reader/state/ instead.
    assert after_html == before_html
    assert (before, after) == (9, 9)


# Kept whole by the page cache, as a running site serves most pages -----------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/category/shared/",
        "/tag/shared/",
        "/contributors/ada-reporter/",
        "/search/?q=article",
        "/articles/article-1/",
        "/feed/",
        "/sitemap.xml",
        "/sitemap-tags.xml",
    ],
)
def test_kept_reader_pages_cost_no_query_at_any_size(
    client, build_articles, settings, url
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300

    def kept_count() -> int:
        client.get(url, HTTP_USER_AGENT=READER_UA)
        return count_queries(client, url)

    build_articles(1)
    with_one = kept_count()
    build_articles(49)
    with_fifty = kept_count()

    assert (with_one, with_fifty) == (0, 0)
