"""Speed of reader search (/search/?q=) over many articles, printed as figures.

Builds a throw-away SQLite database (or, with DATABASE_URL, a database named
by BENCH_DB_NAME on that server, dropped and made again), fills it with
BENCH_ARTICLES articles of varied text, fills their search text with the same
service the admin uses, then times search requests through Django's test
client. Nothing here asserts: it measures.

    .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom \
        .venv/bin/python bench/search.py
"""

import os
import random
import statistics
import time
from datetime import timedelta
from itertools import accumulate
from urllib.parse import urlencode

from scratch import collect_static, run, use_scratch_database  # starts Django

# isort: split
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))
PARAGRAPHS = int(os.environ.get("BENCH_PARAGRAPHS", "8"))

# Everyday news words among thousands of made-up ones, drawn with Zipf's law
# as in real text: the n-th most frequent word is used 1/n as often as the
# first. "council" ranks first and is in nearly every article; the others
# are spread from rank 30 to 3,000, in fewer and fewer articles.
NEWS_WORDS = """
council budget harbour election minister school hospital river bridge market
festival weather storm flood police court judge trial witness report museum
library theatre concert teacher nurse doctor farmer fisherman railway station
airport ferry tram cyclist pedestrian street village county mayor parliament
vote campaign poll candidate party policy tax pension wage strike union
factory company profit shares bank interest mortgage rent housing planning
garden park forest mountain lake coast beach island tide wind solar energy
climate carbon emissions recycling waste water drought harvest price inflation
science research study university student exam graduate scholarship football
match league season coach stadium player goal referee fans victory defeat
""".split()
SYLLABLES = "ka lo mi ne ru sa ti vo ze bra cle dro fin gal hul".split()
FILLER = """
the a of and to in on for with by at from that this was were has have had
will would could said says after before during while over under about into
new old local regional national first last week month year today yesterday
""".split()


def vocabulary(rng):
    made_up = list(
        dict.fromkeys(
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(6000)
        )
    )[:5000]
    words = [word for word in made_up if word not in NEWS_WORDS]
    words.insert(0, NEWS_WORDS[0])
    for n, word in enumerate(NEWS_WORDS[1:], start=1):
        words.insert(n * 30, word)
    # Cumulative weights, computed once: random.choices is slow without them.
    return words, list(accumulate(1 / (rank + 1) for rank in range(len(words))))


def sentence(rng, words, cum_weights):
    drawn = iter(rng.choices(words, cum_weights=cum_weights, k=18))
    text = [
        next(drawn) if rng.random() < 0.4 else rng.choice(FILLER)
        for _ in range(rng.randint(8, 18))
    ]
    return " ".join(text).capitalize() + "."


def fill(count):
    from articles.models import Article, Contributor, Tag

    rng = random.Random(20261126)
    words, weights = vocabulary(rng)
    writers = Contributor.objects.bulk_create(
        Contributor(name=f"{first} {last}", slug=f"writer-{n}")
        for n, (first, last) in enumerate(
            (first, last)
            for first in ("Ada", "Bram", "Cleo", "Dev", "Elif")
            for last in ("Moreau", "Okafor", "Lindqvist", "Tanaka")
        )
    )
    tags = Tag.objects.bulk_create(
        Tag(name=word.capitalize(), slug=word) for word in NEWS_WORDS[::2]
    )
    now = timezone.now()
    articles = []
    for i in range(count):
        paragraphs = [
            " ".join(sentence(rng, words, weights) for _ in range(rng.randint(3, 6)))
            for _ in range(PARAGRAPHS)
        ]
        body = "\n\n".join(paragraphs)
        articles.append(
            Article(
                title=" ".join(
                    rng.choices(words, cum_weights=weights, k=4)
                ).capitalize(),
                slug=f"article-{i}",
                dek=sentence(rng, words, weights),
                body=body,
                # What render_markdown makes of plain paragraphs, without
                # paying for ten thousand renderings.
                body_html="\n".join(f"<p>{text}</p>" for text in paragraphs),
                contributor=writers[i % len(writers)],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=500)
    Article.tags.through.objects.bulk_create(
        (
            Article.tags.through(article=article, tag=tags[(i * 7 + k) % len(tags)])
            for i, article in enumerate(articles)
            for k in range(3)
        ),
        batch_size=2000,
    )


def time_search(client, params):
    url = "/search/?" + urlencode(params)
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the captured list is a window on a log each request resets.
    query_count = len(queries)
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples, query_count


def match_count(query):
    from articles.models import Article
    from articles.search import SearchResults, query_words, search_terms

    terms = search_terms(query_words(query))
    return SearchResults(Article.objects.published(), terms).count()


def percentile_95(samples):
    ordered = sorted(samples)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def main():
    from articles.models import Article
    from articles.services import article_refresh_search_text

    collect_static()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    use_scratch_database(server_name="newsroom_bench_search")
    start = time.perf_counter()
    fill(ARTICLES)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    refreshed = article_refresh_search_text(articles=Article.objects.all())
    indexed = time.perf_counter() - start
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_article")
    print(
        f"database: {engine}; {ARTICLES} articles loaded in {loaded:.1f} s; "
        f"search text of {refreshed} written in {indexed:.1f} s; "
        f"{ROUNDS} requests per query"
    )
    client = Client()
    searches = {
        "in every article": {"q": "council"},
        "same, page 20": {"q": "council", "page": 20},
        "common word": {"q": "budget"},
        "two words": {"q": "harbour budget"},
        "three words": {"q": "council storm flood"},
        "prefix": {"q": "elect"},
        "stemmed form": {"q": "elections"},
        "uncommon word": {"q": "theatre"},
        "rare word": {"q": "referee"},
        "contributor name": {"q": "cleo tanaka"},
        "tag + word": {"q": "festival theatre"},
        "no match": {"q": "xylophonist"},
        "operators": {"q": 'NEAR("harbour" -budget*'},
    }
    print(f"{'search':<20}{'matches':>9}{'median ms':>11}{'p95 ms':>9}{'queries':>9}")
    everything = []
    for name, params in searches.items():
        samples, query_count = time_search(client, params)
        everything += samples
        print(
            f"{name:<20}{match_count(params['q']):>9}"
            f"{statistics.median(samples):>11.2f}"
            f"{percentile_95(samples):>9.2f}{query_count:>9}"
        )
    print(
        f"{'all searches':<20}{'':>9}{statistics.median(everything):>11.2f}"
        f"{percentile_95(everything):>9.2f}"
    )


if __name__ == "__main__":
    run(main)
