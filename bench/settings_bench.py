"""Production settings plus what the page benchmark measures with.

- A query counter, outermost in the middleware, that answers every request
  with an `X-Bench-Queries` header (see bench/baseline.py).
- The benchmark's URLconf: the site's own, plus the baselines, bare Django
  views that render a page from memory: /bench/baseline/ (an article and
  fifty comments) and /bench/baseline/list/ (ten articles).
- Static files collected into the run's scratch folder (BENCH_STATIC_ROOT),
  and cache keys under a prefix of the run's own (BENCH_CACHE_PREFIX) so that
  a shared Redis never serves one run's entries to another.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import CACHES, MIDDLEWARE

MIDDLEWARE = ["baseline.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "urls_bench"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
if os.environ.get("BENCH_CACHE_PREFIX"):
    for _cache in CACHES.values():
        _cache["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"]
