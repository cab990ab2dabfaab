"""The database's plan for every query behind every reader page, as Markdown.

Builds a large throw-away newsroom (bench/dataset.py, or a small generator of
its own when that module is missing), updates the planner's statistics,
requests each reader page once with the page cache off, and prints each
distinct query with its plan: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN
(ANALYZE, BUFFERS)` on PostgreSQL (real plans: sequential scans are not
discouraged here, unlike tests/articles/test_query_plans.py). Each query is also timed.
Queries that read a whole article, comment or filing table, or that take
longer than --slow-ms, are listed first under "Findings".

    .venv/bin/python bench/explain.py > plans-sqlite.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom \
        .venv/bin/python bench/explain.py > plans-postgresql.md
    .venv/bin/python bench/explain.py --small

SQLite keeps no statistics unless ANALYZE runs, and the site never runs it,
so by default the plans are those a production SQLite file has; --analyze
shows them with statistics. PostgreSQL's autovacuum gathers them on its own,
so VACUUM ANALYZE always runs there. Timings are for comparing plans, not
pages: run it on an idle machine.
"""

import argparse
import random
import re
import time
from datetime import timedelta

from scratch import collect_static, run, use_scratch_database  # starts Django

# isort: split
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
WATCHED = (
    "articles_article",
    "comments_comment",
    "articles_article_tags",
    "articles_article_categories",
)
EXPLAINED = re.compile(r"^\s*\(*\s*(SELECT|WITH|UPDATE|DELETE)\b", re.I)
# What differs between two runs of one query: quoted values and numbers.
LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")

PAGES = [
    ("home", "/"),
    ("home, a deep page", "/?page={page}"),
    ("article, about 10 comments", "/articles/{article}/"),
    ("article, most comments", "/articles/{discussion}/"),
    ("category, top level", "/category/{category}/"),
    ("category, subcategory", "/category/{subcategory}/"),
    ("tag", "/tag/{tag}/"),
    ("contributor", "/contributors/{contributor}/"),
    ("month archive", "/{month}/"),
    ("search", "/search/?q={word}"),
    ("site feed", "/feed/"),
    ("category feed", "/category/{category}/feed/"),
    ("tag feed", "/tag/{tag}/feed/"),
    ("contributor feed", "/contributors/{contributor}/feed/"),
    ("comment feed", "/articles/{discussion}/comments/feed/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap: articles", "/sitemap-articles.xml"),
    ("sitemap: categories", "/sitemap-categories.xml"),
    ("sitemap: tags", "/sitemap-tags.xml"),
    ("sitemap: contributors", "/sitemap-contributors.xml"),
]


# Data ------------------------------------------------------------------------


def build(sizes: dict) -> tuple[str, dict]:
    """Fill the scratch database; return which generator did it and its notes."""
    try:
        import dataset
    except ImportError:
        minimal_build(**sizes)
        return "bench/explain.py's own generator (bench/dataset.py missing)", {}
    return "bench/dataset.py", dataset.build(**sizes)


def minimal_build(
    *, articles, contributors, categories, tags, comments, thread_comments
):
    """Bulk-insert a newsroom of the given size: a stand-in for bench/dataset.py."""
    from articles.markdown import render_markdown
    from articles.models import Article, Category, Contributor, Tag
    from articles.search import plain_text
    from comments.models import Comment

    rng = random.Random(8)
    now = timezone.now()
    writers = Contributor.objects.bulk_create(
        Contributor(name=f"Writer {n}", slug=f"writer-{n}") for n in range(contributors)
    )
    top_count = max(1, categories // 5)
    tops = Category.objects.bulk_create(
        Category(name=f"Section {n}", slug=f"section-{n}") for n in range(top_count)
    )
    subs = Category.objects.bulk_create(
        Category(name=f"Desk {n}", slug=f"desk-{n}", parent=tops[n % top_count])
        for n in range(categories - top_count)
    )
    sections = tops + subs
    topics = Tag.objects.bulk_create(
        Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(tags)
    )
    words = "harbour council election budget river school storm market".split()
    body = "\n\n".join(
        f"The {rng.choice(words)} story, paragraph {n}, with *emphasis*."
        for n in range(8)
    )
    html = render_markdown(body)
    text = plain_text(html)
    # Ten years of articles, newest first, plus a few drafts and scheduled ones.
    rows = [
        Article(
            title=f"{words[n % len(words)].title()} report {n}",
            slug=f"report-{n}",
            dek="One sentence of summary.",
            body=body,
            body_html=html,
            search_body=text,
            contributor=writers[int(rng.paretovariate(1.2)) % contributors],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=8.76 * n + 1),
            view_count=int(rng.paretovariate(1.1) * 10),
        )
        for n in range(articles)
    ]
    extra = max(1, articles // 100)
    rows += [
        Article(
            title=f"Draft {n}",
            slug=f"draft-{n}",
            body=body,
            body_html=html,
            contributor=writers[n % contributors],
            status=Article.Status.DRAFT,
        )
        for n in range(extra)
    ]
    rows += [
        Article(
            title=f"Scheduled {n}",
            slug=f"scheduled-{n}",
            body=body,
            body_html=html,
            contributor=writers[n % contributors],
            status=Article.Status.PUBLISHED,
            published_at=now + timedelta(days=n + 1),
        )
        for n in range(extra)
    ]
    made = Article.objects.bulk_create(rows, batch_size=1000)
    Filed = Article.categories.through
    Tagged = Article.tags.through
    filed, tagged = [], []
    for article in made:
        # A few busy sections and topics, a long tail of quiet ones.
        chosen = {int(rng.paretovariate(1.0)) % len(sections) for _ in range(2)}
        filed += [Filed(article=article, category=sections[c]) for c in chosen]
        picked = {int(rng.paretovariate(0.8)) % tags for _ in range(3)}
        tagged += [Tagged(article=article, tag=topics[t]) for t in picked]
    Filed.objects.bulk_create(filed, batch_size=5000)
    Tagged.objects.bulk_create(tagged, batch_size=5000)

    published = made[:articles]
    statuses = ["approved"] * 18 + ["pending", "spam"]
    Comment.objects.bulk_create(
        (
            Comment(
                article=published[int(rng.paretovariate(0.7)) % articles],
                name=f"Reader {n % 5000}",
                email=f"reader{n % 5000}@example.org",
                body="A comment of a sentence or two about the article.",
                status=rng.choice(statuses),
            )
            for n in range(comments)
        ),
        batch_size=5000,
    )
    # One discussion in threads, replies up to five deep.
    discussion = published[articles // 3]
    parents = [None]
    for n in range(thread_comments):
        parent = parents[n % len(parents)]
        comment = Comment.objects.create(
            article=discussion,
            parent=parent,
            depth=parent.depth + 1 if parent else 1,
            name=f"Thread reader {n}",
            body="A reply in the long discussion.",
            status="approved",
        )
        if comment.depth < 5:
            parents.append(comment)


def page_slugs(built: dict) -> dict:
    """What each page's address needs, chosen from whatever was built.

    bench/dataset.py names the pages the load benchmark requests: the same
    ones are explained here. Anything it does not name is picked from the data.
    """
    from articles.models import Article, Category, Contributor, Tag

    published = Article.objects.published()
    by_comments = published.annotate(
        approved=Count("comments", filter=Q(comments__status="approved"))
    )
    discussion = by_comments.order_by("-approved").first()
    ten = by_comments.filter(approved__gte=8, approved__lte=12).first()
    ten = ten or by_comments.order_by("approved").last()
    categories = Category.objects.annotate(filed=Count("articles"))
    if "category" in built:
        category = categories.get(slug=built["category"])
    else:
        category = (
            categories.filter(parent__isnull=True, children__isnull=False)
            .order_by("-filed")
            .first()
        )
    subcategory = categories.filter(parent=category).order_by("-filed")[0]
    tag = Tag.objects.annotate(filed=Count("articles")).order_by("-filed").first()
    contributor = (
        Contributor.objects.annotate(written=Count("articles"))
        .order_by("-written")
        .first()
    )
    month = timezone.localtime(published.first().published_at) - timedelta(days=60)
    title_word = published.first().title.split()[0].lower()
    per_page = settings.NEWSROOM_ARTICLES_PER_PAGE
    return {
        "page": max(1, min(200, published.count() // per_page)),
        "article": built.get("article_10", ten.slug),
        "discussion": built.get("article_thread", discussion.slug),
        "category": category.slug,
        "subcategory": subcategory.slug,
        "tag": built.get("tag", tag.slug),
        "contributor": built.get("contributor", contributor.slug),
        "month": month.strftime("%Y/%m"),
        "word": built.get("search", title_word),
    }


def analyze(with_sqlite: bool) -> None:
    """Statistics as a running site has them.

    On PostgreSQL autovacuum both analyzes and vacuums a table after a bulk
    load; without the vacuum no index-only scan looks worth it (the visibility
    map is empty) and the plans are those of the first minutes only.
    """
    if connection.vendor == "sqlite" and not with_sqlite:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )


# Plans -----------------------------------------------------------------------


def aliases(sql: str) -> dict:
    """Table aliases Django gives in subqueries and repeated joins (U0, T3)."""
    return {
        alias: table
        for table, alias in re.findall(r'"(\w+)" (?:AS )?"?([A-Z]\d+)\b', sql)
    }


def plan_sqlite(sql: str) -> tuple[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
    depth = {0: -1}
    lines, problems = [], []
    names = aliases(sql)
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
        scan = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", detail)
        if scan and names.get(scan[1], scan[1]) in WATCHED:
            what = "walks a whole index of" if scan[2] else "reads all of"
            problems.append(f"{what} {names.get(scan[1], scan[1])}")
    return "\n".join(lines), problems


def plan_postgresql(sql: str) -> tuple[str, list[str]]:
    analyse = sql.lstrip("( ").upper().startswith(("SELECT", "WITH"))
    options = "ANALYZE, BUFFERS" if analyse else "COSTS"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    problems = []
    for line in lines:
        seq = re.search(r"Seq Scan on (\w+)", line)
        if seq and seq[1] in WATCHED:
            problems.append(f"reads all of {seq[1]}")
        sort = re.search(r"Sort Method: .*?(\d+)kB", line)
        if sort and int(sort[1]) >= 1024:
            problems.append(f"sorts {sort[1]} kB")
    return "\n".join(lines), problems


def timed(sql: str) -> float | None:
    """The best of three runs in milliseconds; writes are not run."""
    if not sql.lstrip("( ").upper().startswith(("SELECT", "WITH")):
        return None
    best = None
    with connection.cursor() as cursor:
        for _ in range(3):
            start = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            elapsed = (time.perf_counter() - start) * 1000
            best = elapsed if best is None else min(best, elapsed)
    return best


def explain(sql: str) -> tuple[str, list[str]]:
    if connection.vendor == "postgresql":
        return plan_postgresql(sql)
    return plan_sqlite(sql)


def short(sql: str, width: int = 110) -> str:
    """The query in one line, without the long column list of its main SELECT."""
    one_line = re.sub(r"\s+", " ", sql).strip()
    one_line = re.sub(
        r"^SELECT (?:DISTINCT )?(?:\"\w+\"\.\"\w+\", )+(?=\"\w+\"\.\"\w+\"[ ,])",
        "SELECT …, ",
        one_line,
    )
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"


# Report ----------------------------------------------------------------------


def capture(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
    return response.status_code, [q["sql"] for q in captured]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--contributors", type=int, default=200)
    parser.add_argument("--categories", type=int, default=50)
    parser.add_argument("--tags", type=int, default=500)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--thread-comments", type=int, default=500)
    parser.add_argument(
        "--small", action="store_true", help="1,000 articles and 10,000 comments"
    )
    parser.add_argument(
        "--analyze", action="store_true", help="run ANALYZE on SQLite too"
    )
    parser.add_argument("--slow-ms", type=float, default=5.0)
    args = parser.parse_args()
    if args.small:
        args.articles, args.comments, args.tags = 1000, 10_000, 100
    sizes = {
        "articles": args.articles,
        "contributors": args.contributors,
        "categories": args.categories,
        "tags": args.tags,
        "comments": args.comments,
        "thread_comments": args.thread_comments,
    }

    collect_static()
    use_scratch_database(server_name="newsroom_bench_explain")
    start = time.perf_counter()
    generator, built = build(sizes)
    built_in = time.perf_counter() - start
    analyze(args.analyze)
    slugs = page_slugs(built)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()"
            if connection.vendor == "sqlite"
            else "SHOW server_version"
        )
        version = cursor.fetchone()[0]
    if connection.vendor == "postgresql":
        statistics = "after VACUUM ANALYZE, as autovacuum leaves them"
    elif args.analyze:
        statistics = "after ANALYZE"
    else:
        statistics = "none (no ANALYZE, as the site runs)"

    client = Client()
    seen: dict[str, str] = {}
    findings, sections = [], []
    with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0):
        for cache in caches.all():
            cache.clear()
        # One visit first: what a worker reads once (the discussion settings)
        # is not part of any page's queries.
        client.get("/", HTTP_USER_AGENT=BROWSER)
        for name, template in PAGES:
            url = template.format(**slugs)
            status, statements = capture(client, url)
            lines = [f"### {name}: `{url}` ({status}, {len(statements)} queries)", ""]
            number = 0
            for sql in statements:
                if not EXPLAINED.match(sql):
                    continue
                number += 1
                shape = LITERAL.sub("?", sql)
                if shape in seen:
                    lines.append(f"{number}. `{short(sql)}`: as in {seen[shape]}.")
                    continue
                seen[shape] = f"{name} #{number}"
                plan, problems = explain(sql)
                ms = timed(sql)
                took = f"{ms:.2f} ms" if ms is not None else "not run"
                if ms is not None and ms >= args.slow_ms:
                    problems.append(f"takes {ms:.1f} ms")
                flag = f" **{'; '.join(problems)}**" if problems else ""
                lines += [
                    f"{number}. `{short(sql)}` ({took}){flag}",
                    "",
                    "   ```",
                    *(f"   {line}" for line in plan.splitlines()),
                    "   ```",
                    "",
                    "   <details><summary>SQL</summary>",
                    "",
                    f"   ```sql\n   {sql}\n   ```",
                    "",
                    "   </details>",
                    "",
                ]
                if problems:
                    findings.append(
                        f"| {name} #{number} | {'; '.join(problems)} | "
                        f"`{short(sql, 70)}` |"
                    )
            sections.append("\n".join(lines))

    print(f"# Query plans of the reader pages ({connection.vendor} {version})\n")
    print(
        f"{args.articles:,} published articles, {args.contributors} contributors, "
        f"{args.categories} categories, {args.tags} tags, {args.comments:,} "
        f"comments and a discussion of {args.thread_comments}, built by "
        f"{generator} in {built_in:.0f} s; statistics: {statistics}. Page cache "
        "off. Each query's time is the best of three runs.\n"
    )
    print("## Findings\n")
    if findings:
        print("| page, query | problem | query |\n| --- | --- | --- |")
        print("\n".join(findings))
    else:
        print(
            "None: no query reads a whole article, comment or filing table, "
            f"and none takes {args.slow_ms:g} ms or more."
        )
    print("\n## Pages\n")
    print("\n\n".join(sections))


if __name__ == "__main__":
    run(main)
