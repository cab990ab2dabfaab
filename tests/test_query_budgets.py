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

from articles.models import Category, Tag

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


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
        ("/", 5),
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


def test_home_page_two_runs_the_same_number_of_queries(client, build_articles):
    build_articles(50)

    assert count_queries(client, "/?page=2") == 5


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

    assert (count_queries(client, one_url), count_queries(client, fifty_url)) == (7, 7)
