"""Where an article page spends its time: cProfile over repeated requests.

Builds a scratch newsroom with bench/dataset.py (small by default), then asks
for one page many times through Django's test client in production settings
and prints the functions with the most cumulative time, newsroom's own and
the library calls they make. The page cache is off unless --page-cache.

    .venv/bin/python bench/profile_page.py           # the 500-comment article
    .venv/bin/python bench/profile_page.py --page article-10
    .venv/bin/python bench/profile_page.py --page home --top 40
"""

import argparse
import cProfile
import io
import os
import pstats
import time

PAGES = ("article-500", "article-10", "home", "category", "tag")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", choices=PAGES, default="article-500")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--only", default="", help="a regular expression the listed functions match"
    )
    parser.add_argument("--page-cache", action="store_true")
    parser.add_argument(
        "--sort", default="cumulative", help="cumulative (default) or tottime"
    )
    return parser.parse_args()


ARGS = arguments()
os.environ["NEWSROOM_PAGE_CACHE_SECONDS"] = "300" if ARGS.page_cache else "0"

import scratch  # noqa: E402, I001  (first: it sets up Django)
import dataset  # noqa: E402


def main() -> None:
    from django.test import Client

    scratch.use_scratch_database(server_name="newsroom_bench_profile")
    scratch.collect_static()
    built = dataset.build(
        articles=ARGS.articles, comments=ARGS.articles * 10, thread_comments=500
    )
    urls = {
        "article-500": f"/articles/{built['article_thread']}/",
        "article-10": f"/articles/{built['article_10']}/",
        "home": "/",
        "category": f"/category/{built['category']}/",
        "tag": f"/tag/{built['tag']}/",
    }
    url = urls[ARGS.page]
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
    for _ in range(3):
        assert client.get(url).status_code == 200
    start = time.perf_counter()
    for _ in range(ARGS.requests):
        client.get(url)
    per_request = (time.perf_counter() - start) / ARGS.requests * 1000
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(ARGS.requests):
        client.get(url)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    restrictions = [ARGS.only] if ARGS.only else []
    stats.sort_stats(ARGS.sort).print_stats(*restrictions, ARGS.top)
    print(f"{url}: {per_request:.2f} ms a request without the profiler")
    print(f"page cache {'on' if ARGS.page_cache else 'off'}, {ARGS.articles} articles")
    lines = out.getvalue().splitlines()
    header = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print("\n".join(lines[header:]).rstrip())


scratch.run(main)
