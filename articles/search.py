"""Reader search: plain words in, published articles out, best matches first.

Readers type words, never a query language: `search_terms` keeps letters and
digits only, so quotes, `*`, `-`, `NEAR(` or `:` can never be a syntax error
on either database. Every word must match; the last one also matches as a
prefix, so "elect" finds "election" while the reader is still typing.

What is searched lives on the article row: title, dek, `search_body` (the
body as plain text, not Markdown or HTML) and `search_keywords` (tag names
and the contributor's name). articles.services.article_refresh_search_text
fills the last two; migration 0005 builds the index over all four:

- PostgreSQL: the stored, generated column `search_vector` (title weighted
  A; dek, tags and contributor B; body C) with a GIN index, ranked with
  ts_rank. It is not a model field: no other query ever loads it.
- SQLite: the FTS5 table `article_search`, kept in step with the article
  table by triggers, ranked with bm25 using weights in the same proportions.

Excerpts come from the database (ts_headline, FTS5 snippet) so that they
highlight what its own stemming matched ("elections" for "election"). The
matched words arrive between two private-use characters that plain text never
contains (plain_text removes them); everything else is escaped before those
become <mark> tags.
"""

import re
from collections.abc import Sequence
from html import escape
from html.parser import HTMLParser

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import Expression, RawSQL
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
EXCERPT_WORDS = 30

# Runs of letters or digits, in any script. The underscore is left out: both
# databases treat it as a separator.
WORD = re.compile(r"[^\W_]+")
# Words too common to mean anything: PostgreSQL's English configuration leaves
# them out of its index, so SQLite's search leaves them out of queries too,
# and "the tide" finds the same articles on both.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he
    him his himself she her hers herself it its itself they them their theirs
    themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under
    again further then once here there when where why how all any both each few
    more most other some such no nor not only own same so than too very s t can
    will just don should now
    """.split()
)
MARK_START, MARK_END = "\ue000", "\ue001"
# Control characters and the two markers: never part of indexed text.
UNINDEXED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
SPACES = re.compile(r"\s+")

# PostgreSQL: the weighted document, computed by the database when a row is
# written (migration 0005). Stored rather than an expression index because
# ranking reads it for every match: recomputing it from the text took 6 s
# for 10,000 articles.
TEXT_SEARCH_CONFIG = "english"


class SearchVectorColumn(Expression):
    """The article table's `search_vector` column, under whatever alias it has.

    Django knows nothing of the column, and names the table differently in a
    subquery ("U0"), so it cannot be written as plain SQL text.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_vector", []


SEARCH_VECTOR = SearchVectorColumn()

# SQLite: the FTS5 table's columns are title, dek, search_body and
# search_keywords, in that order; bm25 takes one weight per column.
FTS_TABLE = "article_search"
FTS_BODY_COLUMN = 2
FTS_WEIGHTS = "10.0, 4.0, 1.0, 4.0"


# Plain text -----------------------------------------------------------------

# Elements that end a line of text: without a space between them, "</p><p>"
# would glue the last word of one paragraph to the first of the next.
BLOCK_TAGS = {
    "address", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul",
}  # fmt: skip


HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SENTENCE_ENDS = (".", "!", "?", ":", ";", "…")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.last_words = ""

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in HEADING_TAGS and not self.last_words.endswith(SENTENCE_ENDS):
            # An excerpt that runs from a heading into its first paragraph
            # reads as one sentence without this: "small. Measured the...".
            self.parts.append(".")
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)
        if data.strip():
            self.last_words = data.rstrip()


def plain_text(html: str) -> str:
    """The words of rendered (already sanitised) HTML, on one line."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return clean_text("".join(collector.parts))


def clean_text(text: str) -> str:
    """`text` without control characters or highlight markers, spaces collapsed."""
    return SPACES.sub(" ", UNINDEXED.sub(" ", text or "")).strip()


# Queries --------------------------------------------------------------------


def query_words(query: str) -> list[str]:
    """The words of a reader's query, lower-cased, each once, in typed order."""
    return list(dict.fromkeys(word.lower() for word in WORD.findall(query)))


def search_terms(words: list[str]) -> list[str]:
    """`words` without the ones too common to search for."""
    return [word for word in words if word not in STOP_WORDS]


def highlighted(excerpt: str) -> SafeString:
    """`excerpt` escaped, with the database's match markers turned into <mark>."""
    html = escape(excerpt or "", quote=True)
    # Safe: everything except our own two tags went through escape().
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


class ResultPage(Sequence):
    """One page of results, read from the database when first looked at.

    Lazy like a QuerySet: the search runs when the page's list is first read.
    """

    def __init__(self, load):
        self._load = load
        self._results = None

    def _all(self) -> list:
        if self._results is None:
            self._results = self._load()
        return self._results

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


class SearchResults:
    """The published articles matching `terms`, best first, for a Paginator.

    Behaves as the sequence a Paginator wants: `count()` is one query, and
    each slice is one query for the page's articles (plus the prefetches that
    `articles` asks for). Each article gets `excerpt`, safe HTML.
    """

    def __init__(self, articles: QuerySet, terms: list[str]):
        # `articles` is already narrowed to what readers may see.
        self.articles = articles
        self.terms = terms
        self.is_postgresql = connection.vendor == "postgresql"

    def count(self) -> int:
        return self._matching().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> "ResultPage":
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("Search results are read a page (a slice) at a time.")
        start, stop = page.start or 0, page.stop
        return ResultPage(lambda: self._page(start, stop))

    def _page(self, start: int, stop: int | None) -> list:
        if stop is not None and stop <= start:
            return []
        if self.is_postgresql:
            ranked = self._postgresql_page(start, stop)
        else:
            ranked = self._sqlite_page(start, stop)
        results = list(ranked)
        for article in results:
            article.excerpt = highlighted(article.search_excerpt)
        return results

    def _matching(self) -> QuerySet:
        if self.is_postgresql:
            return self.articles.alias(document=SEARCH_VECTOR).filter(
                document=self._tsquery()
            )
        return self.articles.filter(
            pk__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [self._fts_query()],
            )
        )

    # PostgreSQL

    def _tsquery(self) -> SearchQuery:
        # Words made of letters and digits only, each quoted: nothing a reader
        # types can be tsquery syntax. Every word must match; the last one may
        # also be the start of a longer word.
        lexemes = [f"'{term}'" for term in self.terms]
        lexemes[-1] += ":*"
        return SearchQuery(
            " & ".join(lexemes), search_type="raw", config=TEXT_SEARCH_CONFIG
        )

    def _postgresql_page(self, start: int, stop: int | None) -> QuerySet:
        query = self._tsquery()
        rank = SearchRank(SEARCH_VECTOR, query)
        # Ranked ids first, narrow rows only; then the page's few articles in
        # full, with an excerpt each. In one query, PostgreSQL would also
        # build an excerpt for every row an OFFSET skips.
        page_ids = (
            self._matching()
            .annotate(search_rank=rank)
            .order_by("-search_rank", "-pk")
            .values("pk")[start:stop]
        )
        return (
            self.articles.filter(pk__in=page_ids)
            .annotate(
                search_rank=rank,
                search_excerpt=SearchHeadline(
                    "search_body",
                    query,
                    config=TEXT_SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=EXCERPT_WORDS,
                    min_words=EXCERPT_WORDS // 2,
                ),
            )
            .order_by("-search_rank", "-pk")
        )

    # SQLite

    def _fts_query(self) -> str:
        # Each word in double quotes is an FTS5 string, never an operator
        # (AND, NEAR, -, :, *); the words contain no quote to escape.
        phrases = [f'"{term}"' for term in self.terms]
        phrases[-1] += "*"
        return " ".join(phrases)

    def _sqlite_page(self, start: int, stop: int | None) -> QuerySet:
        match = self._fts_query()
        # The page's ids come from one ranked pass over the full-text index,
        # limited to published articles (the same published() the listing
        # uses, as SQL). Only those few rows then pay for a rank and a snippet.
        # The + keeps SQLite from handing the IN list to FTS5 as rowid
        # constraints, which runs the full-text query once per published
        # article (20 s instead of 30 ms at 10,000 articles).
        visible_sql, visible_params = (
            self.articles.model.objects.published()
            .order_by()
            .values("pk")
            .query.sql_with_params()
        )
        limit = -1 if stop is None else stop - start
        page_ids = RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"AND +rowid IN ({visible_sql}) "
            f"ORDER BY bm25({FTS_TABLE}, {FTS_WEIGHTS}), rowid DESC "
            "LIMIT %s OFFSET %s",
            [match, *visible_params, limit, start],
        )
        table = connection.ops.quote_name(self.articles.model._meta.db_table)
        this_row = f"{FTS_TABLE} MATCH %s AND rowid = {table}.id"
        return (
            self.articles.filter(pk__in=page_ids)
            .annotate(
                search_rank=RawSQL(
                    f"SELECT bm25({FTS_TABLE}, {FTS_WEIGHTS}) FROM {FTS_TABLE} "
                    f"WHERE {this_row}",
                    [match],
                ),
                search_excerpt=RawSQL(
                    f"SELECT snippet({FTS_TABLE}, {FTS_BODY_COLUMN}, %s, %s, %s, "
                    f"{EXCERPT_WORDS}) FROM {FTS_TABLE} WHERE {this_row}",
                    [MARK_START, MARK_END, "…", match],
                ),
            )
            .order_by("search_rank", "-pk")
        )
