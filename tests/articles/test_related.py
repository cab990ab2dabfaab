"""The "Most read" and "Related articles" blocks on an article page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Category, Tag


def shown(response, key: str):
    # The view hands the template functions, each called where it is shown.
    value = response.context[key]
    return value() if callable(value) else value


def titles(response, key: str) -> list[str]:
    return [article.title for article in shown(response, key)]


@pytest.fixture
def views_ago(make_article):
    """Build a published article with `views` views, `days` days old."""

    def make(title: str, views: int, days: int = 1, **fields):
        fields.setdefault("published_at", timezone.now() - timedelta(days=days))
        return make_article(title=title, slug=title.lower(), view_count=views, **fields)

    return make


def test_most_read_lists_the_five_most_viewed_others(client, views_ago):
    current = views_ago("Current", 1000)
    for views in (10, 50, 30, 70, 20, 60):
        views_ago(f"Read{views}", views)

    response = client.get(current.get_absolute_url())

    assert titles(response, "most_read") == [
        "Read70",
        "Read60",
        "Read50",
        "Read30",
        "Read20",
    ]
    html = response.content.decode()
    assert '<h2 class="sidebar-title" id="most-read-title">Most read</h2>' in html
    assert '<a href="/articles/read70/">Read70</a>' in html


def test_most_read_leaves_out_unpublished_articles(client, views_ago):
    current = views_ago("Current", 0)
    views_ago("Visible", 5)
    views_ago("Draft", 900, status=Article.Status.DRAFT)
    views_ago("Scheduled", 800, published_at=timezone.now() + timedelta(days=1))

    response = client.get(current.get_absolute_url())

    assert titles(response, "most_read") == ["Visible"]


def test_most_read_ties_go_to_the_newest(client, views_ago):
    current = views_ago("Current", 0)
    views_ago("Older", 7, days=3)
    views_ago("Newer", 7, days=2)

    response = client.get(current.get_absolute_url())

    assert titles(response, "most_read") == ["Newer", "Older"]


@pytest.fixture
def topics(db):
    tags = Tag.objects.bulk_create(Tag(name=f"T{i}", slug=f"t{i}") for i in range(4))
    categories = Category.objects.bulk_create(
        Category(name=f"C{i}", slug=f"c{i}") for i in range(3)
    )
    return tags, categories


def test_related_ranks_by_shared_tags_plus_categories(client, views_ago, topics):
    (t0, t1, t2, t3), (c0, c1, c2) = topics
    current = views_ago("Current", 0, tags=[t0, t1, t2], categories=[c0, c1])
    views_ago("Three", 0, days=5, tags=[t0, t1], categories=[c0, c2])
    views_ago("Four", 0, days=6, tags=[t0, t1, t2], categories=[c0])
    views_ago("OneTag", 0, days=2, tags=[t0, t3])
    views_ago("OneCategory", 0, days=3, categories=[c1])
    views_ago("TwoOld", 0, days=9, tags=[t2], categories=[c1])
    views_ago("Unrelated", 0, tags=[t3], categories=[c2])

    response = client.get(current.get_absolute_url())

    # Ties (one shared each) go to the newest; only four are shown.
    assert titles(response, "related_articles") == ["Four", "Three", "TwoOld", "OneTag"]
    assert [a.score for a in shown(response, "related_articles")] == [4, 3, 2, 1]
    html = response.content.decode()
    assert 'id="related-title">Related articles</h2>' in html


def test_related_leaves_out_itself_and_unpublished_articles(client, views_ago, topics):
    (t0, *_), (c0, *_) = topics
    current = views_ago("Current", 0, tags=[t0], categories=[c0])
    views_ago("Shared", 0, tags=[t0])
    views_ago("Draft", 0, tags=[t0], categories=[c0], status=Article.Status.DRAFT)
    views_ago(
        "Scheduled",
        0,
        tags=[t0],
        categories=[c0],
        published_at=timezone.now() + timedelta(hours=1),
    )

    response = client.get(current.get_absolute_url())

    assert titles(response, "related_articles") == ["Shared"]


def test_article_without_tags_or_categories_has_no_related_block(client, views_ago):
    current = views_ago("Current", 0)
    views_ago("Other", 0)

    response = client.get(current.get_absolute_url())

    assert shown(response, "related_articles") == []
    assert 'id="related-title"' not in response.content.decode()
