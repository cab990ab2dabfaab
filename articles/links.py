"""The links under an article: previous, next, most read and related.

Each is read as plain values (headline, address, writer), in a fixed number
of small queries that never grow with the archive.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from newsroom.routes import slug_url

from .models import Article


@dataclass(slots=True)
class ArticleLink:
    """Another article as a link under this one: headline and writer."""

    pk: int
    slug: str
    title: str
    published_at: datetime.datetime
    writer: str
    # For related articles: how many tags and sections it shares.
    score: int = 0

    def get_absolute_url(self) -> str:
        return slug_url("articles:article", self.slug)


LINK_VALUES = ("pk", "slug", "title", "published_at", "contributor__name")


def _links(articles) -> list[ArticleLink]:
    return [ArticleLink(*row) for row in articles.values_list(*LINK_VALUES)]


def previous_article(article: Article) -> ArticleLink | None:
    """The published article just before `article`, by publication time."""
    return _neighbour(article, "lt", ("-published_at", "-pk"))


def next_article(article: Article) -> ArticleLink | None:
    """The published article just after `article`, by publication time."""
    return _neighbour(article, "gt", ("published_at", "pk"))


def _neighbour(article: Article, side: str, order: tuple[str, str]):
    # The bound on `published_at` alone (besides the tie-break on the key)
    # lets the database start its walk down the reader index at the
    # article's own time; with the condition only inside the OR, SQLite
    # walked every published article from the newest.
    when = article.published_at
    found = _links(
        Article.objects.published()
        .filter(**{f"published_at__{side}e": when})
        .filter(
            Q(**{f"published_at__{side}": when})
            | Q(published_at=when, **{f"pk__{side}": article.pk})
        )
        .order_by(*order)[:1]
    )
    return found[0] if found else None


# How many of the most viewed articles are candidates for "Most read".
MOST_READ_CANDIDATES = 50


def most_read(article: Article, *, limit: int = 5) -> list[ArticleLink]:
    """The published articles with the most views, other than `article`.

    The candidates are read down the most-read index (status, view count),
    which stops after MOST_READ_CANDIDATES rows; of those, the ones readers
    may see (`published()`, asked of each candidate by key). With
    `published()` as the outer query's own filter, SQLite, which keeps no
    statistics, walked every published article by date instead.
    """
    candidates = (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .order_by("-view_count", "-published_at", "-pk")
        .values("pk")[:MOST_READ_CANDIDATES]
    )
    visible = Article.objects.published().filter(pk=OuterRef("pk"))
    top = _links(
        Article.objects.filter(pk__in=candidates)
        .filter(Exists(visible))
        .order_by("-view_count", "-published_at", "-pk")[: limit + 1]
    )
    return [other for other in top if other.pk != article.pk][:limit]


# How many of the newest filings under each of the article's tags and
# sections are candidates: the work is bounded whatever the archive's size.
RELATED_CANDIDATES = 50


def related_articles(article: Article, *, limit: int = 4) -> list[ArticleLink]:
    """Published articles sharing the most tags and sections with `article`.

    Score = shared tags + shared sections; ties go to the newest. Candidates
    are the newest RELATED_CANDIDATES published filings under each of its
    tags and sections, each list read down the join tables' (tag, article) or
    (section, article) index (migration 0007) and stopped there; they are
    scored and ranked by the database: one statement, none of whose work
    grows with the archive, then one query for the winners' headlines. The
    ids come from the article's labels (articles.labels).

    Long, and kept whole (a reason): one SQL statement is assembled here, and split
    up it would be harder to check against its plan.
    """
    # Readers' articles as `published()` defines them, the one definition:
    # its SQL, tied to each filing's article.
    visible, visible_params = (
        Article.objects.published().order_by().values("pk").query.sql_with_params()
    )
    quote = connection.ops.quote_name
    article_key = f"{quote(Article._meta.db_table)}.{quote('id')}"
    parts, params = [], []
    for through, column, labels in (
        (Article.tags.through, "tag_id", article.tag_labels),
        (Article.categories.through, "category_id", article.section_labels),
    ):
        for label in labels:
            parts.append(
                _filings_sql(
                    through._meta.db_table,
                    column,
                    visible=f"{visible} AND {article_key} = j.article_id",
                )
            )
            params += [label.pk, *visible_params, article.pk, RELATED_CANDIDATES]
    if not parts:
        return []
    articles = quote(Article._meta.db_table)
    sql = (
        "SELECT f.article_id, COUNT(*) AS score FROM ("
        + " UNION ALL ".join(parts)
        + f") f JOIN {articles} a ON a.id = f.article_id"
        " GROUP BY f.article_id, a.published_at"
        " ORDER BY score DESC, a.published_at DESC, f.article_id DESC"
        " LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        ranked = dict(cursor.fetchall())
    if not ranked:
        return []
    found = {link.pk: link for link in _links(Article.objects.filter(pk__in=ranked))}
    chosen = [found[pk] for pk in ranked if pk in found]
    for link in chosen:
        link.score = ranked[link.pk]
    return chosen


def _filings_sql(table: str, column: str, *, visible: str) -> str:
    """The newest readers' articles filed under one tag or section.

    `visible` is a query that finds the filing's article when readers may
    see it: looked up by key for each filing, so the work stays with the
    filings read, never the whole archive.
    """
    quote = connection.ops.quote_name
    # Wrapped in a SELECT of its own: SQLite allows LIMIT only there.
    return (
        f"SELECT article_id FROM (SELECT j.article_id FROM {quote(table)} j"
        f" WHERE j.{quote(column)} = %s AND EXISTS ({visible})"
        " AND j.article_id <> %s ORDER BY j.article_id DESC LIMIT %s) x"
    )
