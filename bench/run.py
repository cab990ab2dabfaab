"""Speed of the reader pages and of view counting, printed as figures.

Builds a throw-away SQLite database (or uses DATABASE_URL's server, in a
database named by BENCH_DB_NAME), fills it with BENCH_ARTICLES articles, then
renders each reader page repeatedly through Django's test client and counts
views from several threads. Nothing here asserts: it measures.

    make bench
    BENCH_ARTICLES=10000 .venv/bin/python bench/run.py
"""

import os
import statistics
import threading
import time
from datetime import timedelta

from scratch import collect_static, run, use_scratch_database  # starts Django

# isort: split
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
VIEWS_PER_THREAD = int(os.environ.get("BENCH_VIEWS_PER_THREAD", "50"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "200"))
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


def fill(count):
    from articles.models import Article, Category, Contributor, Tag

    writers = [Contributor.objects.create(name=f"Writer {i}") for i in range(20)]
    categories = [Category.objects.create(name=f"Section {i}") for i in range(12)]
    tags = [Tag.objects.create(name=f"Topic {i}") for i in range(60)]
    now = timezone.now()
    body = "\n\n".join(
        ["A paragraph of *reporting* with a [link](https://example.org)."] * 12
    )
    from articles.markdown import render_markdown

    html = render_markdown(body)
    articles = Article.objects.bulk_create(
        Article(
            title=f"Article number {i}",
            slug=f"article-{i}",
            dek="A one-line summary.",
            body=body,
            body_html=html,
            contributor=writers[i % len(writers)],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i),
        )
        for i in range(count)
    )
    Article.categories.through.objects.bulk_create(
        Article.categories.through(article=a, category=categories[i % 12])
        for i, a in enumerate(articles)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article=a, tag=tags[(i + k) % 60])
        for i, a in enumerate(articles)
        for k in range(3)
    )
    featured = articles[len(articles) // 2]
    add_comments(featured, COMMENTS)
    return featured, categories[0], tags[0], writers[0]


def add_comments(article, count):
    """Approved comments on one article, every third a reply to the one before."""
    from comments.models import Comment

    previous = None
    for n in range(count):
        parent = previous if n % 3 and previous and previous.depth < 5 else None
        previous = Comment.objects.create(
            article=article,
            parent=parent,
            depth=parent.depth + 1 if parent else 1,
            name=f"Reader {n}",
            email=f"reader{n}@example.org",
            body="A reply with a link: https://example.org/ and some words. " * 3,
            status=Comment.Status.APPROVED,
        )


def time_page(client, url):
    client.get(url, HTTP_USER_AGENT="Googlebot")  # warm up, uncounted
    samples = []
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_USER_AGENT="Googlebot")
    # Read now: the captured list is a window on a log each request resets.
    query_count = len(queries)
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url, HTTP_USER_AGENT="Googlebot")
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    return statistics.median(samples), p95, query_count


def count_views(article):
    from articles.models import Article

    before = Article.objects.get(pk=article.pk).view_count
    errors = []

    def reader(n):
        client = Client()
        try:
            for v in range(VIEWS_PER_THREAD):
                address = f"10.{n}.{v // 250}.{v % 250}"
                response = client.get(
                    article.get_absolute_url(),
                    REMOTE_ADDR=address,
                    HTTP_USER_AGENT=BROWSER,
                )
                if response.status_code != 200:
                    errors.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    after = Article.objects.get(pk=article.pk).view_count
    return THREADS * VIEWS_PER_THREAD, after - before, elapsed, errors


def main():
    collect_static()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    use_scratch_database(server_name="newsroom_bench")
    start = time.perf_counter()
    article, category, tag, writer = fill(ARTICLES)
    print(
        f"database: {engine}; {ARTICLES} articles loaded in "
        f"{time.perf_counter() - start:.1f} s; {ROUNDS} requests per page"
    )
    client = Client()
    pages = {
        "home": "/",
        "home, page 50": "/?page=50",
        f"article, {COMMENTS} comments": article.get_absolute_url(),
        "category": category.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "contributor": writer.get_absolute_url(),
    }
    print(f"{'page':<22}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for name, url in pages.items():
        median, p95, queries = time_page(client, url)
        print(f"{name:<22}{median:>10.2f}{p95:>10.2f}{queries:>9}")
    sent, counted, elapsed, errors = count_views(article)
    print(
        f"view counting: {THREADS} threads sent {sent} distinct-reader views in "
        f"{elapsed:.2f} s ({sent / elapsed:.0f}/s); counted {counted}; "
        f"errors {len(errors)}"
    )


if __name__ == "__main__":
    run(main)
