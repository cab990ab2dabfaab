"""Reader pages under load, against a bare Django baseline in the same run.

Builds a large throw-away newsroom (bench/dataset.py: SQLite, or PostgreSQL
when DATABASE_URL names a server), collects static files, and serves it with
gunicorn in production settings (debug off) on loopback, through
bench/settings_bench.py: the site as deployed, plus a query counter and the
baseline page (bench/baseline.py). Each page is warmed up, then loaded at
each concurrency for a fixed time by wrk (or, without wrk, by a small Python
load generator). The whole table is measured twice: with the page cache off
(NEWSROOM_PAGE_CACHE_SECONDS=0) and on (its default). Then the flatness check:
home, category and article at 100 articles against the full size.

Every response is checked: anything but 200 (303 for the comment post) stops
the run with an error.

    make bench                                  # defaults, about 11 minutes
    .venv/bin/python bench/pages.py --small     # under a minute
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --only home,baseline --seconds 3 --json
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path
from urllib.parse import quote_plus, urlencode, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# Before scratch starts Django: the benchmark's settings in this process too,
# so that the data is written with the cache prefix the server reads.
os.environ["DJANGO_SETTINGS_MODULE"] = "settings_bench"
os.environ["BENCH_CACHE_PREFIX"] = f"bench-{os.getpid()}-{secrets.token_hex(4)}"
# Two databases per run (full size and 100 articles): one name cannot do.
os.environ.pop("BENCH_DB_NAME", None)
sys.path.insert(0, str(BENCH))

import scratch  # noqa: E402  (sets the environment and starts Django)

# isort: split
import dataset  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402

BIN = Path(sys.executable).parent
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
PAGE_NAMES = [
    "home",
    "home-p200",
    "article-10",
    "article-500",
    "category",
    "tag",
    "search",
    "feed",
    "sitemap",
    "sitemap-articles",
    "comment-post",
    "baseline",
]
FLAT_PAGES = ["home", "category", "article-10"]
FULL_SIZES = {
    "articles": 10_000,
    "contributors": 200,
    "categories": 50,
    "tags": 500,
    "comments": 100_000,
    "thread_comments": 500,
}
SMALL_SIZES = {
    "articles": 200,
    "contributors": 20,
    "categories": 10,
    "tags": 50,
    "comments": 3_000,
    "thread_comments": 100,
}
FLAT_ARTICLES = 100
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
FORM_ACTION = re.compile(r'<form[^>]+action="(/comments/post/\d+/)"')


class BenchError(Exception):
    """A response or a server that makes the figures meaningless."""


def say(*parts) -> None:
    print(*parts, file=sys.stderr if OPTIONS.json else sys.stdout, flush=True)


# HTTP ---------------------------------------------------------------------------------


def fetch(port: int, method: str, path: str, body: str | None = None, headers=None):
    """(status, headers as a dict with lower-case names, body bytes)."""
    sent = {"User-Agent": USER_AGENT, "Accept": "text/html", **(headers or {})}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        received = {}
        for name, value in response.getheaders():
            key = name.lower()
            received[key] = f"{received[key]}, {value}" if key in received else value
        return response.status, received, content
    finally:
        connection.close()


class Page:
    """One thing to measure: a GET, or the comment form's POST."""

    def __init__(self, name: str, path: str, *, post_to: str | None = None):
        self.name = name
        self.path = path
        self.post_to = post_to  # the article page that carries the form
        self.form: dict[str, str] = {}
        self.headers: dict[str, str] = {}

    @property
    def expected(self) -> tuple[int, ...]:
        # Post/redirect/get: 303 See Other (302 would do as well).
        return (302, 303) if self.post_to else (200,)

    def prepare(self, port: int) -> None:
        """For the POST: the CSRF cookie and the form's hidden fields, once."""
        if not self.post_to:
            return
        status, headers, content = fetch(port, "GET", self.post_to)
        text = content.decode()
        action = FORM_ACTION.search(text)
        hidden = dict(HIDDEN_INPUT.findall(text))
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
        if status != 200 or not action or "token" not in hidden or not cookie:
            raise BenchError(
                f"{self.name}: no comment form or CSRF cookie on {self.post_to} "
                f"(status {status})"
            )
        self.path = action[1]
        self.form = {
            "csrfmiddlewaretoken": unescape(hidden["csrfmiddlewaretoken"]),
            "token": unescape(hidden["token"]),
            "name": "Bench Reader",
            "email": "bench@readers.example",
            "website": "",
            "honeypot": "",
        }
        self.headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie[1]}",
            "Origin": f"http://127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}{self.post_to}",
        }

    def body(self, unique: str) -> str | None:
        if not self.post_to:
            return None
        # A comment's text must differ from the last (duplicate check).
        return urlencode({**self.form, "body": f"Bench comment {unique}"})

    def probe(self, port: int) -> dict:
        """One request, checked: its size and its queries."""
        method = "POST" if self.post_to else "GET"
        started = time.perf_counter()
        status, headers, content = fetch(
            port, method, self.path, self.body(f"probe {time.time_ns()}"), self.headers
        )
        elapsed = time.perf_counter() - started
        if status not in self.expected:
            raise BenchError(f"{self.name}: {method} {self.path} answered {status}")
        return {
            "bytes": len(content),
            "queries": int(headers.get("x-bench-queries", "-1")),
            "probe_ms": round(1000 * elapsed, 1),
        }


# Load generators ----------------------------------------------------------------------

WRK_SCRIPT = """
bad = 0
last_bad = 0
counter = 0
id = 0
local threads = {{}}
local expected = {{{expected}}}
wrk.method = "{method}"
{headers}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

{request}

function response(status, headers, body)
  if not expected[status] then
    bad = bad + 1
    last_bad = status
  end
end

function done(summary, latency, requests)
  local all_bad, seen = 0, 0
  for _, thread in ipairs(threads) do
    all_bad = all_bad + thread:get("bad")
    if thread:get("last_bad") ~= 0 then seen = thread:get("last_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, ' ..
    '"p99_us": %d, "bad": %d, "last_bad": %d, "socket_errors": %d}}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), all_bad, seen,
    e.connect + e.read + e.write + e.timeout))
end
"""
WRK_POST_REQUEST = """
function request()
  counter = counter + 1
  local text = "&body=Bench+comment+{run}-" .. id .. "-" .. counter
  return wrk.format(nil, nil, nil, "{form}" .. text)
end
"""


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_with_wrk(port: int, page: Page, concurrency: int, seconds: int) -> dict:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html", **page.headers}
    request = ""
    if page.post_to:
        request = WRK_POST_REQUEST.format(
            form=urlencode(page.form), run=f"{os.getpid()}-{time.time_ns()}"
        )
    script = WRK_SCRIPT.format(
        expected=", ".join(f"[{code}] = true" for code in page.expected),
        method="POST" if page.post_to else "GET",
        headers="\n".join(
            f"wrk.headers[{lua_string(k)}] = {lua_string(v)}"
            for k, v in headers.items()
        ),
        request=request,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        result = subprocess.run(
            [
                "wrk",
                f"--threads={min(concurrency, 2)}",
                f"--connections={concurrency}",
                f"--duration={seconds}s",
                "--timeout=30s",
                f"--script={file.name}",
                f"http://127.0.0.1:{port}{page.path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(file.name)
    line = next(
        (line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None
    )
    if result.returncode or line is None:
        raise BenchError(f"wrk failed on {page.name}:\n{result.stdout}{result.stderr}")
    raw = json.loads(line[len("BENCH ") :])
    return {
        "requests": raw["requests"],
        "seconds": raw["duration_us"] / 1e6,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "bad": raw["bad"],
        "last_bad": raw["last_bad"],
        "socket_errors": raw["socket_errors"],
    }


def load_with_python(port: int, page: Page, concurrency: int, seconds: float) -> dict:
    """`concurrency` threads, each one request at a time, for `seconds`."""
    latencies: list[float] = []
    bad: list[int] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        sent = 0
        while time.monotonic() < deadline:
            sent += 1
            method = "POST" if page.post_to else "GET"
            started = time.perf_counter()
            try:
                status, _, _ = fetch(
                    port, method, page.path, page.body(f"{number}-{sent}"), page.headers
                )
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status not in page.expected:
                    bad.append(status)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "bad": len(bad),
        "last_bad": bad[-1] if bad else 0,
        "socket_errors": errors[0],
    }


def measure(
    server: "Server", page: Page, concurrency: int, seconds: float, *, warm_up=False
) -> dict:
    if OPTIONS.load_generator == "wrk":
        figures = load_with_wrk(server.port, page, concurrency, max(1, round(seconds)))
    else:
        figures = load_with_python(server.port, page, concurrency, seconds)
    server.wait_idle()
    if figures["bad"] or figures["socket_errors"]:
        raise BenchError(
            f"{page.name} at c={concurrency}: {figures['bad']} unexpected statuses "
            f"(last {figures['last_bad']}), {figures['socket_errors']} socket errors, "
            f"{figures['requests']} requests"
        )
    figures["rps"] = figures["requests"] / figures["seconds"]
    if not figures["requests"]:
        # Not one answer within the measurement: the page takes longer than
        # that. The table shows the probe's time instead (see Page.probe).
        figures["p50_ms"] = figures["p99_ms"] = None
    if not warm_up:
        say(
            f"  {page.name} c={concurrency}: {figures['rps']:.1f} requests/s"
            + ("" if figures["requests"] else " (none finished)")
        )
    return figures


# gunicorn -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving one database, with the page cache on or off."""

    def __init__(self, database_url: str, *, page_cache: bool, workers: int):
        self.port = free_port()
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=database_url,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_LOG_LEVEL="WARNING",
            BENCH_STATIC_ROOT=str(settings.STATIC_ROOT),
            PYTHONPATH=os.pathsep.join([str(ROOT), str(BENCH)]),
        )
        if page_cache:
            self.env.pop("NEWSROOM_PAGE_CACHE_SECONDS", None)
        else:
            self.env["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"
        self.workers = workers
        self.log_path = Path(scratch.WORKDIR) / f"gunicorn-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "newsroom.wsgi:application",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped:\n{self.log_tail()}")
            try:
                if fetch(self.port, "GET", "/robots.txt")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise BenchError(f"gunicorn did not answer within a minute:\n{self.log_tail()}")

    def __exit__(self, kind=None, error=None, traceback=None):
        if isinstance(error, BenchError) and not getattr(error, "logged", False):
            # What the server said is usually the explanation.
            error.args = (f"{error}\ngunicorn log (end):\n{self.log_tail()}",)
            error.logged = True
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def log_tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text()[-3000:]

    def worker_pids(self) -> list[str]:
        pid = self.process.pid
        try:
            return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            # Kernels without that file: every process whose parent is gunicorn.
            return [
                stat.parent.name
                for stat in Path("/proc").glob("[0-9]*/stat")
                if _parent_pid(stat) == pid
            ]

    def wait_idle(self, limit: float = 120) -> None:
        """Until the workers have finished what a load generator left behind.

        wrk stops at the end of its time with requests still in flight; a
        slow page's leftovers would otherwise run during the next measurement.
        """
        deadline = time.monotonic() + limit
        last = None
        while time.monotonic() < deadline:
            ticks = sum(_cpu_ticks(pid) for pid in self.worker_pids())
            if ticks == last:
                return
            last = ticks
            time.sleep(0.2)

    def worker_peak_kib(self) -> list[int]:
        """VmHWM (peak resident memory) of each worker process, in KiB."""
        children = self.worker_pids()
        peaks = []
        for child in children:
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except FileNotFoundError:
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks.append(int(match[1]))
        return peaks


def _cpu_ticks(pid: str) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _parent_pid(stat: Path) -> int | None:
    try:
        # The command name may hold spaces and parentheses: split after it.
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


# The run ------------------------------------------------------------------------------


def database_url(name: str) -> str:
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path=f"/{name}").geturl()


def make_dataset(label: str, sizes: dict) -> dict:
    name = scratch.use_scratch_database(
        server_name=f"newsroom_bench_{os.getpid()}_{label}",
        file_name=f"bench-{label}.sqlite3",
    )
    OPENED.append(name)
    started = time.perf_counter()
    info = dataset.build(**sizes)
    info["build_seconds"] = round(time.perf_counter() - started, 1)
    info["database_url"] = database_url(name)
    connections.close_all()
    say(
        f"dataset {label}: {sizes['articles']} articles, {info['comments']} comments "
        f"in {info['build_seconds']} s"
    )
    return info


def pages_for(info: dict) -> dict[str, Page]:
    article = f"/articles/{info['article_10']}/"
    pages = {
        "home": Page("home", "/"),
        "home-p200": Page("home-p200", f"/?page={min(200, info['home_last_page'])}"),
        "article-10": Page("article-10", article),
        "article-500": Page("article-500", f"/articles/{info['article_thread']}/"),
        "category": Page("category", f"/category/{info['category']}/"),
        "tag": Page("tag", f"/tag/{info['tag']}/"),
        "search": Page("search", f"/search/?q={quote_plus(info['search'])}"),
        "feed": Page("feed", "/feed/"),
        "sitemap": Page("sitemap", "/sitemap.xml"),
        "sitemap-articles": Page("sitemap-articles", "/sitemap-articles.xml"),
        "comment-post": Page(
            "comment-post", "", post_to=f"/articles/{info['post_target']}/"
        ),
        # Sized once the home page's size is known.
        "baseline": Page("baseline", "/bench/baseline/"),
    }
    return pages


def warm_up(server: Server, page: Page) -> None:
    # Enough for each worker to have compiled the templates, about; then, in
    # a full run, a second of load (too short to count: a slow page may
    # finish nothing in it, so only wrong statuses fail it).
    for _ in range(server.workers):
        page.probe(server.port)
    if not OPTIONS.small:
        measure(server, page, max(OPTIONS.concurrency), 1, warm_up=True)


def run_table(info: dict, *, page_cache: bool) -> dict:
    """Every chosen page at every concurrency, with one gunicorn."""
    mode = "page cache on" if page_cache else "no page cache"
    pages = pages_for(info)
    chosen = [name for name in PAGE_NAMES if name in OPTIONS.only]
    rows, baselines = [], []
    with Server(
        info["database_url"], page_cache=page_cache, workers=OPTIONS.workers
    ) as server:
        # The baseline is sized like the home page, so that one is probed first.
        home_bytes = pages["home"].probe(server.port)["bytes"]
        pages["baseline"].path = f"/bench/baseline/?bytes={home_bytes}"
        for name in chosen:
            pages[name].prepare(server.port)
        for name in chosen:
            warm_up(server, pages[name])
        say(f"\n== {mode} ({OPTIONS.engine}, {OPTIONS.workers} gunicorn workers) ==")
        base = pages["baseline"] if "baseline" in chosen else None
        base_probe = base.probe(server.port) if base else None

        def yardstick(concurrency: int) -> float:
            figures = measure(server, base, concurrency, OPTIONS.seconds)
            baselines.append({"c": concurrency, **figures})
            return figures["rps"]

        if base and not OPTIONS.paired:
            for concurrency in OPTIONS.concurrency:
                yardstick(concurrency)
        for name in chosen:
            if name == "baseline":
                continue
            page = pages[name]
            probe = page.probe(server.port)
            for concurrency in OPTIONS.concurrency:
                row = {"page": name, "c": concurrency, **probe}
                if base and OPTIONS.paired:
                    # Measured just before the page: other work on the machine
                    # then weighs on both figures about alike.
                    row["baseline_rps"] = yardstick(concurrency)
                row.update(measure(server, page, concurrency, OPTIONS.seconds))
                rows.append(row)
        if base and not OPTIONS.paired:
            # First and last: the mean of the two is the yardstick.
            for concurrency in OPTIONS.concurrency:
                yardstick(concurrency)
            for row in rows:
                row["baseline_rps"] = statistics.mean(
                    b["rps"] for b in baselines if b["c"] == row["c"]
                )
        peaks = server.worker_peak_kib()
    table = []
    for row in rows:
        base_rps = row.get("baseline_rps")
        row["ratio"] = row["rps"] / base_rps if base_rps else None
        table.append(row)
    for concurrency in OPTIONS.concurrency if base else []:
        same = [b for b in baselines if b["c"] == concurrency]
        table.append(
            {
                **base_probe,
                "page": "baseline",
                "c": concurrency,
                "rps": statistics.mean(b["rps"] for b in same),
                "p50_ms": statistics.median(b["p50_ms"] for b in same),
                "p99_ms": max(b["p99_ms"] for b in same),
                "rps_range": [
                    round(min(b["rps"] for b in same), 1),
                    round(max(b["rps"] for b in same), 1),
                ],
                "ratio": 1.0,
            }
        )
    print_table(table)
    say(
        f"peak RSS per worker: {max(peaks) / 1024:.1f} MiB "
        f"(workers: {', '.join(f'{p / 1024:.1f}' for p in peaks)} MiB)"
    )
    return {"mode": mode, "rows": table, "worker_peak_mib": round(max(peaks) / 1024, 1)}


def print_table(table: list[dict]) -> None:
    say(
        f"{'page':<18}{'c':>3}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'queries':>9}{'bytes':>9}{'x base':>8}"
    )
    for row in table:
        ratio = f"{row['ratio']:.0%}" if row["ratio"] is not None else "-"
        if row["p50_ms"] is None:
            # Nothing finished in the measurement: one request's time instead.
            p50 = p99 = f"({row['probe_ms']:.0f})"
        else:
            p50, p99 = f"{row['p50_ms']:.1f}", f"{row['p99_ms']:.1f}"
        say(
            f"{row['page']:<18}{row['c']:>3}{row['rps']:>9.1f}{p50:>9}"
            f"{p99:>9}{row['queries']:>9}{row['bytes']:>9}{ratio:>8}"
        )


FLAT_ROUNDS = 3


def run_flatness(full: dict, small: dict) -> list[dict]:
    """Home, category and article at c=8: the full archive against 100 articles.

    Both servers run side by side (page cache off) and each page is measured
    on one, then at once on the other, three times over; each figure is the
    median of its three, so that a slower moment of the machine weighs on
    both alike and one unlucky measurement does not decide the ratio.
    """
    concurrency = max(OPTIONS.concurrency)
    results = []
    with (
        Server(small["database_url"], page_cache=False, workers=OPTIONS.workers) as few,
        Server(full["database_url"], page_cache=False, workers=OPTIONS.workers) as many,
    ):
        pages = {"few": pages_for(small), "many": pages_for(full)}
        for name in FLAT_PAGES:
            figures = {}
            for label, server in (("few", few), ("many", many)):
                warm_up(server, pages[label][name])
                figures[label] = {**pages[label][name].probe(server.port), "all": []}
            for _ in range(FLAT_ROUNDS):
                for label, server in (("few", few), ("many", many)):
                    measured = measure(
                        server, pages[label][name], concurrency, OPTIONS.seconds
                    )
                    figures[label]["all"].append(measured)
            for label in ("few", "many"):
                runs = sorted(figures[label]["all"], key=lambda run: run["rps"])
                figures[label].update(runs[len(runs) // 2])
            few_rps = figures["few"]["rps"]
            ratio = figures["many"]["rps"] / few_rps if few_rps else None
            results.append(
                {
                    "page": name,
                    "c": concurrency,
                    "rps_100": round(figures["few"]["rps"], 1),
                    "rps_full": round(figures["many"]["rps"], 1),
                    "queries_100": figures["few"]["queries"],
                    "queries_full": figures["many"]["queries"],
                    "ratio": ratio,
                }
            )
    say(
        f"\n== flatness: {full['articles']} articles vs {FLAT_ARTICLES}, "
        "no page cache =="
    )
    say(
        f"{'page':<14}{'c':>3}{'rps 100':>10}{'rps full':>10}{'ratio':>8}"
        f"{'queries':>10}"
    )
    for row in results:
        say(
            f"{row['page']:<14}{row['c']:>3}{row['rps_100']:>10.1f}{row['rps_full']:>10.1f}"
            + (f"{row['ratio']:>8.0%}" if row["ratio"] is not None else f"{'-':>8}")
            + f"{row['queries_100']:>5} / {row['queries_full']}"
        )
    return results


def main() -> None:
    started = time.perf_counter()
    scratch.collect_static()
    sizes = dict(SMALL_SIZES if OPTIONS.small else FULL_SIZES)
    sizes.update(
        {k: v for k, v in vars(OPTIONS).items() if k in sizes and v is not None}
    )
    say(
        f"newsroom page benchmark: {OPTIONS.engine}, cache "
        f"{'redis' if os.environ.get('REDIS_URL') else 'database table'}, "
        f"load by {OPTIONS.load_generator}, {OPTIONS.seconds} s per measurement"
    )
    full = make_dataset("full", sizes)
    report = {
        "database": OPTIONS.engine,
        "redis": bool(os.environ.get("REDIS_URL")),
        "sizes": sizes,
        "build_seconds": full["build_seconds"],
        "workers": OPTIONS.workers,
        "load_generator": OPTIONS.load_generator,
        "seconds": OPTIONS.seconds,
        "tables": [],
    }
    for page_cache in OPTIONS.cache_modes:
        report["tables"].append(run_table(full, page_cache=page_cache))
    if OPTIONS.flatness:
        small = make_dataset(
            "flat", {**sizes, "articles": FLAT_ARTICLES, "comments": FLAT_ARTICLES * 10}
        )
        report["flatness"] = run_flatness(full, small)
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    say(f"\ndone in {report['total_seconds']} s")
    if OPTIONS.json:
        print(json.dumps(report, indent=1, default=str))


def parse_options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--small",
        action="store_true",
        help="a small archive, 1 s measurements at concurrency 8 only, no "
        "flatness check: the whole run in under a minute",
    )
    for key in FULL_SIZES:
        parser.add_argument(f"--{key.replace('_', '-')}", type=int, dest=key)
    parser.add_argument("--seconds", type=float, help="per measurement (default 5)")
    parser.add_argument(
        "--concurrency", help="comma-separated, default 1,8 (--small: 8)"
    )
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (default 3)"
    )
    parser.add_argument("--only", help=f"comma-separated among: {','.join(PAGE_NAMES)}")
    parser.add_argument(
        "--cache",
        choices=["both", "off", "on"],
        default="both",
        help="measure with the page cache off, on, or both (default)",
    )
    parser.add_argument(
        "--no-flatness", dest="flatness", action="store_false", default=None
    )
    parser.add_argument(
        "--unpaired",
        dest="paired",
        action="store_false",
        default=None,
        help="measure the baseline only first and last, not before every page "
        "(the default with --small)",
    )
    parser.add_argument(
        "--python-load",
        action="store_true",
        help="use the Python load generator even when wrk is installed",
    )
    parser.add_argument(
        "--json", action="store_true", help="the figures as JSON on stdout"
    )
    options = parser.parse_args(argv)
    options.seconds = options.seconds or (1 if options.small else 5)
    options.concurrency = [
        int(c)
        for c in (options.concurrency or ("8" if options.small else "1,8")).split(",")
    ]
    if options.flatness is None:
        options.flatness = not options.small
    if options.paired is None:
        options.paired = not options.small
    options.only = set(options.only.split(",")) if options.only else set(PAGE_NAMES)
    unknown = options.only - set(PAGE_NAMES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if options.seconds <= 0 or options.workers < 1 or min(options.concurrency) < 1:
        parser.error("--seconds, --workers and --concurrency must be positive")
    options.cache_modes = {"both": [False, True], "off": [False], "on": [True]}[
        options.cache
    ]
    options.load_generator = (
        "wrk" if shutil.which("wrk") and not options.python_load else "python"
    )
    options.engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return options


OPTIONS = argparse.Namespace(json=False)
OPENED: list[str] = []

if __name__ == "__main__":
    OPTIONS = parse_options()

    def main_and_clean_up():
        try:
            main()
        except BenchError as error:
            print(f"\nbench failed: {error}", file=sys.stderr)
            raise SystemExit(1) from None
        finally:
            for name in OPENED:
                scratch.drop_scratch_database(name)

    scratch.run(main_and_clean_up)
