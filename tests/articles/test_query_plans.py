"""Every query behind a reader page reads articles and comments through an index.

Each page is requested with the test client over a small but complete site,
every statement it runs is captured, and the database explains each one:

- SQLite (`EXPLAIN QUERY PLAN`): a `SCAN` of a watched table fails, whether of
  the table itself or a walk of a whole index (`SCAN t USING INDEX i`); only a
  `SEARCH` (an index lookup or range) passes.
- PostgreSQL (`EXPLAIN (FORMAT JSON)` with `enable_seqscan` off, or tables
  this small are always read in full): a `Seq Scan` of a watched table fails,
  and so does an index scan with no index condition (with sequential scans
  discouraged, the planner walks a whole index instead of the table).

A full index walk is not allowed anywhere at the moment: none of these pages
needs one. The one case where it would be right is an ordered walk that a
LIMIT stops after a few rows (the newest 20 articles, say), and then only if
no filter can make it read most of the index before it finds them; if such a
query appears, list it in ORDERED_WALKS with the reason.

Watched: articles, comments, and the tables that file articles under tags and
categories. Contributors, categories and tags are small tables that menus and
sitemaps read whole on purpose.
"""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag
from comments.models import Comment

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
WATCHED = {
    "articles_article",
    "comments_comment",
    "articles_article_tags",
    "articles_article_categories",
}
# (table, index) pairs that may be walked in full: see the module's docstring.
ORDERED_WALKS: set[tuple[str, str]] = set()
# Pages come from the database, not the page cache, so queries run;
# a few threads per page give the discussion several pages.
plan_settings = override_settings(
    NEWSROOM_PAGE_CACHE_SECONDS=0,
    NEWSROOM_COMMENT_THREADS_PER_PAGE=5,
)
EXPLAINED = re.compile(r"^\s*\(*\s*(SELECT|WITH|UPDATE|DELETE|INSERT)\b", re.I)


@pytest.fixture
def site(db, discussion, django_user_model):
    """A small newsroom with something on every reader page; returns page slugs."""
    now = timezone.now()
    staff = django_user_model.objects.create_user(username="desk", is_staff=True)
    ada = Contributor.objects.create(name="Ada Reporter", slug="ada", user=staff)
    ben = Contributor.objects.create(name="Ben Columnist", slug="ben")
    cy = Contributor.objects.create(name="Cy Photographer", slug="cy")
    world = Category.objects.create(name="World", slug="world")
    europe = Category.objects.create(name="Europe", slug="europe", parent=world)
    asia = Category.objects.create(name="Asia", slug="asia", parent=world)
    sport = Category.objects.create(name="Sport", slug="sport")
    tags = [
        Tag.objects.create(name=name, slug=name.lower())
        for name in ("Climate", "Elections", "Harbour", "Football", "Energy")
    ]
    sections = [[world], [europe], [asia], [europe, sport], [sport], []]

    def article(n, **fields):
        fields.setdefault("status", Article.Status.PUBLISHED)
        made = Article.objects.create(
            title=fields.pop("title", f"Harbour report number {n}"),
            slug=fields.pop("slug", f"report-{n}"),
            body=f"The harbour council met for the {n}th time.\n\nIt voted.",
            contributor=(ada, ben, cy)[n % 3],
            view_count=(n * 37) % 101,
            **fields,
        )
        made.categories.set(sections[n % len(sections)])
        made.tags.set(tags[n % 5 : n % 5 + 2])
        return made

    # Published over ten weeks (three calendar months), so the home page has
    # a second page, the archive several months and every article neighbours.
    published = [
        article(n, published_at=now - timedelta(days=3 * n, hours=n))
        for n in range(1, 25)
    ]
    article(90, status=Article.Status.DRAFT, published_at=None, slug="draft")
    article(91, published_at=now + timedelta(days=2), slug="scheduled")
    focus = published[5]

    for other in published[:8]:
        Comment.objects.create(
            article=other, name="Early reader", body="First.", status="approved"
        )
    # A threaded discussion on the focus article, with held and spam comments.
    parents: list[Comment | None] = [None]
    for n in range(40):
        parent = parents[n % len(parents)]
        comment = Comment.objects.create(
            article=focus,
            parent=parent,
            depth=parent.depth + 1 if parent else 1,
            name=f"Reader {n}",
            email=f"reader{n}@example.org",
            body=f"Comment {n} on the harbour vote.",
            status=Comment.Status.APPROVED,
            user=staff if n % 9 == 8 else None,
        )
        if comment.depth < 5:
            parents.append(comment)
    for n in range(12):
        Comment.objects.create(
            article=focus, name=f"Latecomer {n}", body="Me too.", status="approved"
        )
    for status in ("pending", "spam", "trash"):
        Comment.objects.create(
            article=focus, name="Hidden", body="Not shown.", status=status
        )
    month = timezone.localtime(focus.published_at).strftime("%Y/%m")
    return {"article": focus.slug, "month": month, "reply": comment.pk}


PAGES = {
    "home": "/",
    "home-page-2": "/?page=2",
    "article": "/articles/{article}/",
    "article-comments-page-2": "/articles/{article}/?cpage=2",
    "comment-permalink": "/comments/{reply}/",
    "category-top-level": "/category/world/",
    "category-child": "/category/europe/",
    "tag": "/tag/harbour/",
    "contributor": "/contributors/ben/",
    "month-archive": "/{month}/",
    "search": "/search/?q=harbour+council",
    "feed-site": "/feed/",
    "feed-category": "/category/world/feed/",
    "feed-tag": "/tag/harbour/feed/",
    "feed-contributor": "/contributors/ben/feed/",
    "feed-comments": "/articles/{article}/comments/feed/",
    "sitemap-index": "/sitemap.xml",
    "sitemap-articles": "/sitemap-articles.xml",
    "sitemap-categories": "/sitemap-categories.xml",
    "sitemap-tags": "/sitemap-tags.xml",
    "sitemap-contributors": "/sitemap-contributors.xml",
    "robots": "/robots.txt",
}


def sqlite_problems(sql: str) -> tuple[list[str], str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
    # Subqueries name their tables by alias ("comments_comment" U0).
    aliases = {
        alias: table
        for table, alias in re.findall(r'"(\w+)" (?:AS )?"?([A-Z]\d+)\b', sql)
    }
    problems = []
    for _, _, _, detail in rows:
        scan = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", detail)
        if not scan:
            continue
        table = aliases.get(scan[1], scan[1])
        if table in WATCHED and (table, scan[2]) not in ORDERED_WALKS:
            problems.append(detail)
    return problems, "\n".join(row[3] for row in rows)


def postgresql_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from postgresql_nodes(child)


def postgresql_problems(sql: str) -> tuple[list[str], str]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL jit = off")  # Its notes only clutter the plan.
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        cursor.execute(f"EXPLAIN {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    if isinstance(plan, str):
        plan = json.loads(plan)
    problems = []
    for node in postgresql_nodes(plan[0]["Plan"]):
        table = node.get("Relation Name")
        if table not in WATCHED:
            continue
        kind = node["Node Type"]
        index = node.get("Index Name")
        if "Seq Scan" in kind:
            problems.append(f"{kind} on {table}")
        elif (
            kind in ("Index Scan", "Index Only Scan")
            and "Index Cond" not in node
            and (table, index) not in ORDERED_WALKS
        ):
            problems.append(f"{kind} using {index} on {table}, no index condition")
    return problems, text


def explain(sql: str) -> tuple[list[str], str]:
    """What is wrong with the plan of `sql` (nothing: []), and the plan as text."""
    if connection.vendor == "postgresql":
        return postgresql_problems(sql)
    return sqlite_problems(sql)


def plan_failures(label: str, statements: list[str]) -> list[str]:
    """One message per statement whose plan reads a whole watched table."""
    failures = []
    for sql in statements:
        problems, plan = explain(sql)
        if problems:
            failures.append(
                f"{label} reads a whole table: {'; '.join(problems)}\n"
                f"SQL: {sql}\nPlan:\n{plan}"
            )
    return failures


@plan_settings
@pytest.mark.parametrize("page", PAGES)
def test_reader_page_queries_use_indexes(client, site, page):
    url = PAGES[page].format(**site)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_USER_AGENT=READER_UA)
    # A comment's address redirects to the page of the discussion showing it.
    assert response.status_code == (302 if page == "comment-permalink" else 200)
    statements = [q["sql"] for q in captured if EXPLAINED.match(q["sql"])]
    if page == "robots":
        assert statements == []
        return
    assert statements, f"{url} ran no query: was it served from a cache?"

    failures = plan_failures(f"{page} ({url})", statements)
    assert not failures, "\n\n".join(failures)


@plan_settings
def test_reader_state_with_own_pending_comment_uses_indexes(client, site, post_comment):
    # The reader's held comment comes from /reader/state/, which also counts
    # the view and reads the count back.
    article = Article.objects.get(slug=site["article"])
    posted = post_comment(article, remember="on")
    assert posted.status_code == 303
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            "/reader/state/", {"article": article.pk}, HTTP_USER_AGENT=READER_UA
        )
    assert (
        "Your comment is awaiting moderation." in response.json()["pending"][0]["html"]
    )

    statements = [q["sql"] for q in captured if EXPLAINED.match(q["sql"])]
    failures = plan_failures("reader state with a pending comment", statements)
    assert not failures, "\n\n".join(failures)
