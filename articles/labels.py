"""The sections and tags a byline names, for a page of articles in two queries.

Django's prefetch_related would do the same in as many queries, but builds a
manager and a model instance per link: on a list page that cost more than
the rest of the list. These are plain values, read from the join tables.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newsroom.routes import slug_url

from .models import Article


@dataclass(frozen=True, slots=True)
class Label:
    pk: int
    slug: str
    name: str
    url: str


def attach_labels(articles: Iterable[Article]) -> list[Article]:
    """Give each article `section_labels` and `tag_labels`, sorted by name."""
    articles = list(articles)
    ids = [article.pk for article in articles]
    found = {}
    for attribute, through, field, viewname in (
        ("section_labels", Article.categories.through, "category", "category"),
        ("tag_labels", Article.tags.through, "tag", "tag"),
    ):
        labels = defaultdict(list)
        if ids:
            rows = (
                through.objects.filter(article_id__in=ids)
                .order_by(f"{field}__name", f"{field}_id")
                .values_list(
                    "article_id", f"{field}_id", f"{field}__slug", f"{field}__name"
                )
            )
            for article_id, pk, slug, name in rows:
                url = slug_url(f"articles:{viewname}", slug)
                labels[article_id].append(Label(pk=pk, slug=slug, name=name, url=url))
        found[attribute] = labels
    for article in articles:
        article.section_labels = found["section_labels"].get(article.pk, [])
        article.tag_labels = found["tag_labels"].get(article.pk, [])
    return articles
