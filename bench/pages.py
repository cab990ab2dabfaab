"""Reader pages under load, in three modes, against a bare Django baseline.

Builds throw-away newsrooms (bench/dataset.py: SQLite, or PostgreSQL when
DATABASE_URL names a server) at each size of --sizes (default 100 and 10,000
articles), collects static files, and serves each with gunicorn in production
settings (debug off) on loopback, through bench/settings_bench.py: the site
as deployed, plus a query counter and the baseline pages (bench/baseline.py).
Every page is measured in three modes in the same run:

- cold: the page cache off (NEWSROOM_PAGE_CACHE_SECONDS=0; it is the only
  cache of pages), each request runs its view in full;
- shipped: the settings as shipped (page cache on);
- nginx: the same gunicorn behind nginx, configured from deploy/nginx.conf
  (a loopback copy: its own prefix, pid, cache folder and ports).

Each page is warmed up, then loaded at each concurrency for a fixed time by
wrk (or, without wrk, by a small Python load generator); the baseline (one
article and fifty comments, from memory) is measured alongside. After the
load, in each mode, a fresh anonymous reader fetches the article with fifty
comments, asks /reader/state/ for its tokens and posts the form: it must be
answered 303. Then the flatness check: home, category and article at 100
articles against the largest size, every cache off.

Every response is checked: anything but 200 (303 for the comment post) stops
the run with an error; a failed comment form check fails the run at the end.

    make bench                                  # defaults, about 15 minutes
    .venv/bin/python bench/pages.py --small     # about a minute
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --modes shipped,nginx --sizes 10000 \\
        --only home,article-50,baseline --seconds 3 --json
"""

import argparse
import http.client
import json
import os
import pwd
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
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_plus, urlencode, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# Before scratch starts Django: the benchmark's settings in this process too,
# so that the data is written with the cache prefix the server reads.
os.environ["DJANGO_SETTINGS_MODULE"] = "settings_bench"
os.environ["BENCH_CACHE_PREFIX"] = f"bench-{os.getpid()}-{secrets.token_hex(4)}"
# Several databases per run (one per size): one name cannot do.
os.environ.pop("BENCH_DB_NAME", None)
sys.path.insert(0, str(BENCH))

import scratch  # noqa: E402  (sets the environment and starts Django)

# isort: split
import dataset  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402

from comments.forms import signed_form_token  # noqa: E402

BIN = Path(sys.executable).parent
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
# Sent with every request besides; --gzip adds Accept-Encoding, as browsers send.
CLIENT_HEADERS: dict[str, str] = {}
MODES = ["cold", "shipped", "nginx"]
MODE_TITLES = {
    "cold": "cold: page cache off",
    "shipped": "shipped: the settings as shipped (page cache on)",
    "nginx": "nginx: the same gunicorn behind nginx (deploy/nginx.conf)",
}
# The targets, as a multiple of the baseline's requests per second,
# for these pages at every size, with the comment form working from the
# cached page.
TARGETS = {"cold": 0.5, "shipped": 6.0, "nginx": 15.0}
TARGET_PAGES = ["home", "category", "tag", "article-50"]
PAGE_NAMES = [
    "home",
    "home-p200",
    "article-10",
    "article-50",
    "article-500",
    "category",
    "tag",
    "search",
    "feed",
    "sitemap",
    "sitemap-articles",
    "reader-state",
    "comment-post",
    "baseline",
    "baseline-list",
]
BASELINES = {"baseline", "baseline-list"}
# Lists of ten articles: the ten-article baseline is measured for them too.
LIST_PAGES = {"home", "home-p200", "category", "tag", "search"}
# Never cached by anyone: nothing for nginx to change, not measured behind it.
PASS_THROUGH = {"reader-state", "comment-post"}
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
DEFAULT_SIZES = [100, 10_000]
FLAT_ARTICLES = 100
NGINX = Path("/usr/sbin/nginx")
DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"


class BenchError(Exception):
    """A response or a server that makes the figures meaningless."""


def say(*parts) -> None:
    print(*parts, file=sys.stderr if OPTIONS.json else sys.stdout, flush=True)


# HTTP ---------------------------------------------------------------------------------


def fetch(port: int, method: str, path: str, body: str | None = None, headers=None):
    """(status, headers as a dict with lower-case names, body bytes)."""
    sent = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html",
        **CLIENT_HEADERS,
        **(headers or {}),
    }
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


# A page served from a cache: the page cache's "hit"; nginx's HIT, or a copy
# past its s-maxage served while it is fetched again (STALE, UPDATING), or
# one the app confirmed unchanged (REVALIDATED).
FROM_CACHE = {"hit", "stale", "updating", "revalidated"}


IDENTITY = {"Accept-Encoding": "identity"}


def cache_status(headers: dict) -> str:
    """nginx's X-Cache-Status, else the page cache's X-Cache, else "-"."""
    return headers.get("x-cache-status") or headers.get("x-cache") or "-"


def set_cookie_value(headers: dict, name: str) -> str | None:
    # Several Set-Cookie headers arrive joined by ", " (see fetch); a cookie's
    # value never holds a comma or a semicolon.
    match = re.search(rf"(?:^|[,;]\s*){name}=([^;,]+)", headers.get("set-cookie", ""))
    return match[1] if match else None


class CommentFormParser(HTMLParser):
    """The comment form of a page: its action and the fields a browser sends."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {"action": attributes.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            self._form["fields"].append(
                {
                    "tag": tag,
                    "type": attributes.get("type", "text").lower(),
                    "name": attributes.get("name", ""),
                    "value": attributes.get("value", ""),
                    "checked": "checked" in attributes,
                }
            )

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def comment_form(html: str) -> dict | None:
    """{"action": path, "fields": {name: value}, "hidden": {name: value}} or None.

    `fields` is what a browser would send before the reader types anything:
    every named field but buttons, files and unticked boxes, with the value
    the page gives it; `hidden` the hidden ones among them.
    """
    parser = CommentFormParser()
    parser.feed(html)
    for form in parser.forms:
        action = urlsplit(form["action"])
        if "/comments/post/" not in action.path:
            continue
        fields, hidden = {}, {}
        for field in form["fields"]:
            kind, name = field["type"], field["name"]
            if not name or kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and not field["checked"]:
                continue
            fields[name] = field["value"]
            if kind == "hidden":
                hidden[name] = field["value"]
        path = action.path + (f"?{action.query}" if action.query else "")
        return {"action": path, "fields": fields, "hidden": hidden}
    return None


def reader_state(port: int, article_id: int) -> tuple[int, dict | None, str | None]:
    """(status, the JSON, the csrftoken cookie it set) of /reader/state/."""
    status, headers, content = fetch(
        port,
        "GET",
        f"/reader/state/?article={article_id}",
        headers={"Accept": "application/json", **IDENTITY},
    )
    try:
        data = json.loads(content) if status == 200 else None
    except ValueError:
        data = None
    return status, data, set_cookie_value(headers, "csrftoken")


def form_post(port: int, article_path: str, form: dict, fields: dict, cookie: str):
    """The body and headers of the comment form's POST, as a browser sends it."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
        "Origin": f"http://127.0.0.1:{port}",
        "Referer": f"http://127.0.0.1:{port}{article_path}",
    }
    return {**form["fields"], **fields}, headers


READER = {"name": "Bench Reader", "email": "bench@readers.example"}


def check_comment_form(port: int, article_path: str, article_id: int) -> dict:
    """A fresh anonymous reader comments on a page as it is served.

    The page (no cookie sent), then /reader/state/ for the CSRF token, the
    form's timing token and the CSRF cookie, then the form's POST with the
    fields the page holds: the answer must be 303. Returns what happened:
    `ok`, `detail`, and the page's cache status and cookies.
    """
    result = {"ok": False, "page_cache": "-", "page_set_cookie": False}
    # Uncompressed, to read the form (the page is the same either way).
    status, headers, content = fetch(port, "GET", article_path, None, IDENTITY)
    result["page_cache"] = cache_status(headers)
    result["page_set_cookie"] = "set-cookie" in headers
    result["page_cache_control"] = headers.get("cache-control", "")
    if status != 200:
        return {**result, "detail": f"the article page answered {status}"}
    form = comment_form(content.decode())
    if form is None:
        return {**result, "detail": "no comment form on the article page"}
    status, state, cookie = reader_state(port, article_id)
    if status != 200 or state is None:
        return {**result, "detail": f"/reader/state/ answered {status}, no JSON"}
    missing = [key for key in ("csrf_token", "form_token") if not state.get(key)]
    if missing or not cookie:
        return {
            **result,
            "detail": "/reader/state/ gave no "
            + ", ".join(missing + ([] if cookie else ["csrftoken cookie"])),
        }
    fields, post_headers = form_post(
        port,
        article_path,
        form,
        {
            **READER,
            "body": f"Bench form check {time.time_ns()}",
            "csrfmiddlewaretoken": state["csrf_token"],
            "token": state["form_token"],
        },
        cookie,
    )
    status, headers, _ = fetch(
        port, "POST", form["action"], urlencode(fields), post_headers
    )
    result["post_status"] = status
    if status != 303:
        return {**result, "detail": f"POST {form['action']} answered {status}"}
    return {**result, "ok": True, "detail": "303"}


class Page:
    """One thing to measure: a GET, or the comment form's POST."""

    def __init__(
        self,
        name: str,
        path: str,
        *,
        post_to: str | None = None,
        article_id: int | None = None,
        headers: dict | None = None,
        optional: bool = False,
    ):
        self.name = name
        self.path = path
        self.post_to = post_to  # the article page that carries the form
        self.article_id = article_id
        self.form: dict[str, str] = {}
        self.headers: dict[str, str] = dict(headers or {})
        # Measured only where it exists (/reader/state/ is new).
        self.optional = optional

    @property
    def expected(self) -> tuple[int, ...]:
        # Post/redirect/get: 303 See Other (302 would do as well).
        return (302, 303) if self.post_to else (200,)

    def prepare(self, port: int) -> None:
        """For the POST: the form's fields, the CSRF token and cookie, once.

        From /reader/state/ as a browser's script gets them; while that
        address does not exist, from the page itself (its hidden fields and
        its CSRF cookie), as before it did. The form's timing token is new
        for each post (see new_token).
        """
        if not self.post_to:
            return
        status, headers, content = fetch(port, "GET", self.post_to, None, IDENTITY)
        form = comment_form(content.decode()) if status == 200 else None
        if form is None:
            raise BenchError(
                f"{self.name}: no comment form on {self.post_to} (status {status})"
            )
        state_status, state, cookie = reader_state(port, self.article_id)
        if state_status == 200 and state and state.get("csrf_token"):
            tokens = {"csrfmiddlewaretoken": state["csrf_token"]}
        else:
            tokens = {}
            cookie = set_cookie_value(headers, "csrftoken")
        if not cookie or not (tokens or form["hidden"].get("csrfmiddlewaretoken")):
            raise BenchError(
                f"{self.name}: no CSRF cookie or token for {self.post_to} "
                f"(/reader/state/ answered {state_status})"
            )
        self.path = form["action"]
        self.form, self.headers = form_post(
            port, self.post_to, form, {**READER, **tokens}, cookie
        )
        # New ones for each post: see body().
        self.form.pop("body", None)
        self.form.pop("token", None)

    def new_token(self) -> str:
        """A form timing token for this article, as /reader/state/ gives one.

        Each token is accepted once, and the load sends thousands of posts:
        they are signed here, with the site's own function and secret key
        (the server runs with this process's environment). /reader/state/
        itself is measured as a page of its own, and the comment form check
        takes its token from there.
        """
        return signed_form_token(self.article_id)

    def body(self, unique: str) -> str | None:
        if not self.post_to:
            return None
        # A comment's text must differ from the last (duplicate check).
        return urlencode(
            {**self.form, "token": self.new_token(), "body": f"Bench comment {unique}"}
        )

    def status(self, port: int) -> int:
        return fetch(port, "GET", self.path, headers=self.headers)[0]

    def probe(self, port: int) -> dict:
        """One request, checked: its size, its queries, its cache status."""
        method = "POST" if self.post_to else "GET"
        started = time.perf_counter()
        status, headers, content = fetch(
            port, method, self.path, self.body(f"probe {time.time_ns()}"), self.headers
        )
        elapsed = time.perf_counter() - started
        if status not in self.expected:
            raise BenchError(f"{self.name}: {method} {self.path} answered {status}")
        cached = cache_status(headers)
        return {
            "bytes": len(content),
            # A page nginx answers from its cache makes no query, whatever
            # the stored header says.
            "queries": 0
            if headers.get("x-cache-status", "").lower() in FROM_CACHE
            else int(headers.get("x-bench-queries", "-1")),
            "cache": cached,
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
-- Each comment needs a form token of its own (each is accepted once): this
-- thread takes every {threads}th line of the file, from its own.
local tokens = {{}}
for line in io.lines("{tokens}") do tokens[#tokens + 1] = line end

function request()
  counter = counter + 1
  local token = tokens[(counter - 1) * {threads} + id] or "none-left"
  local text = "&token=" .. token ..
    "&body=Bench+comment+{run}-" .. id .. "-" .. counter
  return wrk.format(nil, nil, nil, "{form}" .. text)
end
"""


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_with_wrk(port: int, page: Page, concurrency: int, seconds: int) -> dict:
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html",
        **CLIENT_HEADERS,
        **page.headers,
    }
    threads = min(concurrency, 2)
    request = ""
    tokens = None
    if page.post_to:
        # Far more than the posts that can be made in the time.
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as tokens:
            for _ in range(1000 * seconds + 1000):
                tokens.write(quote_plus(page.new_token()) + "\n")
        request = WRK_POST_REQUEST.format(
            form=urlencode(page.form),
            run=f"{os.getpid()}-{time.time_ns()}",
            tokens=tokens.name,
            threads=threads,
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
                f"--threads={threads}",
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
        if tokens:
            os.unlink(tokens.name)
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
    # Comments unique across measurements too (the duplicate check).
    run = time.time_ns()

    def client(number: int) -> None:
        sent = 0
        while time.monotonic() < deadline:
            sent += 1
            method = "POST" if page.post_to else "GET"
            body = page.body(f"{run}-{number}-{sent}")
            started = time.perf_counter()
            try:
                status, _, _ = fetch(port, method, page.path, body, page.headers)
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
    target: "Server | Nginx",
    page: Page,
    concurrency: int,
    seconds: float,
    *,
    warm_up=False,
) -> dict:
    """Load `page` on `target` (gunicorn, or nginx in front of it)."""
    if OPTIONS.load_generator == "wrk":
        figures = load_with_wrk(target.port, page, concurrency, max(1, round(seconds)))
    else:
        figures = load_with_python(target.port, page, concurrency, seconds)
    target.wait_idle()
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
            f"  {page.name} c={concurrency} ({target.label}): "
            f"{figures['rps']:.1f} requests/s"
            + ("" if figures["requests"] else " (none finished)")
        )
    return figures


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 30 s: a server stopped either way."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# gunicorn -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving one database, with every cache off or as shipped."""

    def __init__(
        self,
        database_url: str,
        *,
        caches: bool,
        workers: int,
        trusted_origins: tuple[str, ...] = (),
    ):
        self.port = free_port()
        self.label = "gunicorn"
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=database_url,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_LOG_LEVEL="WARNING",
            BENCH_STATIC_ROOT=str(settings.STATIC_ROOT),
            PYTHONPATH=os.pathsep.join([str(ROOT), str(BENCH)]),
        )
        if caches:
            self.env.pop("NEWSROOM_PAGE_CACHE_SECONDS", None)  # as shipped
        else:
            self.env["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"
        if trusted_origins:
            # nginx passes Host without its port (deploy/nginx.conf), so a
            # browser's Origin on nginx's loopback port is trusted by name, as
            # a deployment on a port of its own would have to.
            already = os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "")
            self.env["DJANGO_CSRF_TRUSTED_ORIGINS"] = ",".join(
                filter(None, [already, *trusted_origins])
            )
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
        if self.process:
            stop(self.process)
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


# nginx --------------------------------------------------------------------------------

# deploy/nginx.conf, made a loopback server: its example values, each of which
# must be found in it, become the run's own. Lines marked "# [tls]" (the
# certificates, the port-443 listeners, the HTTP-to-HTTPS redirect server) are
# left out: the bench speaks plain HTTP, as it does to gunicorn.
TLS_MARK = "# [tls]"
LOOPBACK_VALUES = {
    "server_name": "news.example.org",
    "upstream": "127.0.0.1:8000",
    "static": "/srv/newsroom/staticfiles/",
    "media": "/srv/newsroom/media/",
    "cache": "/var/cache/nginx/newsroom",
    "logs": "/var/log/nginx/",
}
NGINX_MAIN = """# Made by bench/pages.py for one run; removed with it.
daemon off;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
{user}
events {{
    worker_connections 1024;
}}

http {{
    # As Debian's /etc/nginx/nginx.conf, which includes deploy/nginx.conf
    # from conf.d/ or sites-enabled/ inside its http block.
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    # Debian has tcp_nopush on. On loopback, whose segments hold 64 kB, it
    # makes a response of 64 to 100 kB (an article with its comments) wait
    # for the client's delayed ACK, 40 ms, every time: an artefact of the
    # loopback interface, not of the site.
    tcp_nopush off;
    types_hash_max_size 2048;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;

    include {work}/newsroom.conf;
}}
"""


def ensure_nginx() -> str:
    """Debian's nginx, installed when missing and we may; its version."""
    if not NGINX.exists():
        if os.geteuid() != 0:
            raise BenchError(
                f"the nginx mode needs Debian's nginx ({NGINX}): install it with "
                "`sudo apt-get install -y nginx`, or leave that mode out with "
                "--modes cold,shipped"
            )
        say("nginx mode: installing Debian's nginx (apt-get install -y nginx)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "--no-install-recommends", "nginx"]
        done = subprocess.run(install, env=env, capture_output=True, text=True)
        if done.returncode:
            # Package lists missing or stale (a fresh container): once more.
            subprocess.run(
                ["apt-get", "update"], env=env, capture_output=True, text=True
            )
            done = subprocess.run(install, env=env, capture_output=True, text=True)
        if done.returncode or not NGINX.exists():
            raise BenchError(
                "apt-get install -y nginx failed:\n"
                + (done.stdout + done.stderr)[-2000:]
                + "\nInstall nginx by hand, or use --modes cold,shipped."
            )
        say(
            "  installed; on a machine with systemd Debian also starts its own "
            "nginx service on port 80: the bench does not use it"
        )
    version = subprocess.run(
        [str(NGINX), "-v"], capture_output=True, text=True
    ).stderr.strip()
    return version.removeprefix("nginx version: ")


def loopback_config(work: Path, port: int, upstream_port: int) -> str:
    """deploy/nginx.conf as a loopback server on `port` in front of gunicorn."""
    if not DEPLOY_CONF.exists():
        raise BenchError(f"{DEPLOY_CONF} is missing")
    lines = [
        line
        for line in DEPLOY_CONF.read_text().splitlines()
        if not line.rstrip().endswith(TLS_MARK)
    ]
    text = "\n".join(lines) + "\n"
    replacements = {
        "server_name": "127.0.0.1",
        "upstream": f"127.0.0.1:{upstream_port}",
        "static": str(Path(settings.STATIC_ROOT)) + "/",
        "media": str(Path(settings.MEDIA_ROOT)) + "/",
        "cache": str(work / "cache"),
        "logs": str(work) + "/",
    }
    for key, value in LOOPBACK_VALUES.items():
        if value not in text:
            raise BenchError(
                f"deploy/nginx.conf no longer holds {value!r} ({key}): update "
                "LOOPBACK_VALUES in bench/pages.py"
            )
        text = text.replace(value, replacements[key])
    # What is left is one server block, which listened on 443 only.
    servers = re.findall(r"^\s*server\s*\{", text, re.MULTILINE)
    if len(servers) != 1 or re.search(r"^\s*listen\b", text, re.MULTILINE):
        raise BenchError(
            "deploy/nginx.conf: without its lines marked "
            f"{TLS_MARK!r}, one server block with no listen line should be "
            "left; update it or loopback_config in bench/pages.py"
        )
    return re.sub(
        r"^(\s*)(server\s*\{)",
        rf"\1\2\n\1    listen 127.0.0.1:{port};",
        text,
        count=1,
        flags=re.MULTILINE,
    )


class Nginx:
    """nginx in the foreground, in front of one gunicorn, for one table."""

    def __init__(self, upstream: Server, port: int):
        self.upstream = upstream
        self.port = port
        self.label = "nginx"
        self.work = Path(tempfile.mkdtemp(prefix="nginx-", dir=scratch.WORKDIR))
        self.conf = self.work / "nginx.conf"
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        (self.work / "tmp").mkdir()
        (self.work / "newsroom.conf").write_text(
            loopback_config(self.work, self.port, self.upstream.port)
        )
        # As root, nginx's workers would run as nobody, who may not enter the
        # scratch folder: they run as we do.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if not os.geteuid() else ""
        self.conf.write_text(NGINX_MAIN.format(work=self.work, user=user))
        command = [str(NGINX), "-p", f"{self.work}/", "-c", str(self.conf)]
        command += ["-e", str(self.work / "error.log")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if checked.returncode:
            raise BenchError(f"nginx -t refused the loopback config:\n{checked.stderr}")
        self.log = (self.work / "stdout.log").open("w")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if self.process.poll() is not None:
                    raise BenchError(f"nginx stopped:\n{self.log_tail()}")
                try:
                    if fetch(self.port, "GET", "/robots.txt")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise BenchError(f"nginx did not answer:\n{self.log_tail()}")
                time.sleep(0.1)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, kind=None, error=None, traceback=None):
        if isinstance(error, BenchError) and not getattr(error, "logged", False):
            error.args = (f"{error}\nnginx error log (end):\n{self.log_tail()}",)
        if self.process:
            stop(self.process)  # SIGTERM: nginx's fast shutdown, gunicorn's graceful
            self.log.close()

    def log_tail(self) -> str:
        parts = []
        for name in ("stdout.log", "error.log"):
            path = self.work / name
            if path.exists():
                parts.append(path.read_text()[-2000:])
        return "\n".join(parts)

    def wait_idle(self) -> None:
        # What a load generator leaves behind runs in gunicorn, if anywhere.
        self.upstream.wait_idle()


# The run ------------------------------------------------------------------------------


def database_url(name: str) -> str:
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path=f"/{name}").geturl()


def make_dataset(articles: int) -> dict:
    sizes = dataset_sizes(articles)
    label = f"a{articles}"
    name = scratch.use_scratch_database(
        server_name=f"newsroom_bench_{os.getpid()}_{label}",
        file_name=f"bench-{label}.sqlite3",
    )
    OPENED.append(name)
    started = time.perf_counter()
    info = dataset.build(**sizes)
    info["build_seconds"] = round(time.perf_counter() - started, 1)
    info["database_url"] = database_url(name)
    info["sizes"] = sizes
    connections.close_all()
    say(
        f"dataset: {articles} articles, {info['comments']} comments "
        f"in {info['build_seconds']} s"
    )
    return info


def dataset_sizes(articles: int) -> dict:
    """The sizes of one dataset: the same comments per article at every size."""
    base = dict(SMALL_SIZES if OPTIONS.small else FULL_SIZES)
    overrides = {
        key: getattr(OPTIONS, key)
        for key in base
        if key != "articles" and getattr(OPTIONS, key, None) is not None
    }
    base.update(overrides)
    if "comments" in overrides:  # given for the largest size
        per_article = overrides["comments"] / max(OPTIONS.sizes)
    else:
        per_article = base["comments"] / base["articles"]
    return {**base, "articles": articles, "comments": round(per_article * articles)}


def pages_for(info: dict) -> dict[str, Page]:
    article_50 = info["article_50_id"]
    return {
        "home": Page("home", "/"),
        "home-p200": Page("home-p200", f"/?page={min(200, info['home_last_page'])}"),
        "article-10": Page("article-10", f"/articles/{info['article_10']}/"),
        "article-50": Page("article-50", f"/articles/{info['article_50']}/"),
        "article-500": Page("article-500", f"/articles/{info['article_thread']}/"),
        "category": Page("category", f"/category/{info['category']}/"),
        "tag": Page("tag", f"/tag/{info['tag']}/"),
        "search": Page("search", f"/search/?q={quote_plus(info['search'])}"),
        "feed": Page("feed", "/feed/"),
        "sitemap": Page("sitemap", "/sitemap.xml"),
        "sitemap-articles": Page("sitemap-articles", "/sitemap-articles.xml"),
        "reader-state": Page(
            "reader-state",
            f"/reader/state/?article={article_50}",
            headers={"Accept": "application/json"},
            optional=True,
        ),
        "comment-post": Page(
            "comment-post",
            "",
            post_to=f"/articles/{info['post_target']}/",
            article_id=info["post_target_id"],
        ),
        # Sized in run_table, once the pages they stand for are weighed.
        "baseline": Page("baseline", "/bench/baseline/"),
        "baseline-list": Page("baseline-list", "/bench/baseline/list/"),
    }


def warm_up(target, page: Page) -> None:
    # Enough for each worker to have compiled the templates, about; then, in
    # a full run, a second of load (too short to count: a slow page may
    # finish nothing in it, so only wrong statuses fail it).
    for _ in range(OPTIONS.workers):
        page.probe(target.port)
    if not OPTIONS.small:
        measure(target, page, max(OPTIONS.concurrency), 1, warm_up=True)


def pages_at(articles: int) -> list[str]:
    """The pages measured at one size: all at the largest, else the targets."""
    if OPTIONS.only_given or articles == max(OPTIONS.sizes):
        wanted = OPTIONS.only
    else:
        wanted = set(TARGET_PAGES) | BASELINES
    return [name for name in PAGE_NAMES if name in wanted]


def run_table(info: dict, server: Server, target, mode: str) -> dict:
    """Every chosen page at every concurrency, in one mode.

    `target` is where the pages are requested: `server` itself, or nginx in
    front of it. The baselines are always requested from gunicorn directly:
    they are the yardstick of what Django serves.
    """
    pages = pages_for(info)
    # The baselines weigh what the pages they stand for weigh, uncompressed.
    article_bytes, home_bytes = (
        len(fetch(server.port, "GET", page.path, None, IDENTITY)[2])
        for page in (pages["article-50"], pages["home"])
    )
    pages["baseline"].path = f"/bench/baseline/?bytes={article_bytes}"
    pages["baseline-list"].path = f"/bench/baseline/list/?bytes={home_bytes}"
    chosen = pages_at(info["articles"])
    measured = [name for name in chosen if name not in BASELINES]
    if mode == "nginx":
        measured = [name for name in measured if name not in PASS_THROUGH]
    skipped = {}
    for name in measured:
        page = pages[name]
        page.prepare(target.port)
        if page.optional:
            status = page.status(target.port)
            if status not in page.expected:
                skipped[name] = f"{page.path} answered {status}"
    measured = [name for name in measured if name not in skipped]
    for name in measured:
        warm_up(target, pages[name])
    yardsticks = [pages[name] for name in chosen if name in BASELINES]
    for page in yardsticks:
        warm_up(server, page)
    say(
        f"\n== {info['articles']} articles, {MODE_TITLES[mode]} "
        f"({OPTIONS.engine}, {OPTIONS.workers} gunicorn workers) =="
    )
    for name, why in skipped.items():
        say(f"  {name}: not measured ({why})")
    base = pages["baseline"] if "baseline" in chosen else None
    list_base = pages["baseline-list"] if "baseline-list" in chosen else None
    probes = {page.name: page.probe(server.port) for page in yardsticks}
    measured_baselines: dict[str, list[dict]] = {"baseline": [], "baseline-list": []}

    def yardstick(page: Page, concurrency: int) -> float:
        figures = measure(server, page, concurrency, OPTIONS.seconds)
        measured_baselines[page.name].append({"c": concurrency, **figures})
        return figures["rps"]

    def first_and_last() -> None:
        for concurrency in OPTIONS.concurrency:
            if base and not OPTIONS.paired:
                yardstick(base, concurrency)
            if list_base and LIST_PAGES & set(measured):
                yardstick(list_base, concurrency)

    def mean_rps(name: str, concurrency: int) -> float | None:
        same = [b["rps"] for b in measured_baselines[name] if b["c"] == concurrency]
        return statistics.mean(same) if same else None

    rows = []
    first_and_last()
    for name in measured:
        page = pages[name]
        probe = page.probe(target.port)
        for concurrency in OPTIONS.concurrency:
            row = {"page": name, "c": concurrency, **probe}
            if base and OPTIONS.paired:
                # Measured just before the page: other work on the machine
                # then weighs on both figures about alike.
                row["baseline_rps"] = yardstick(base, concurrency)
            row.update(measure(target, page, concurrency, OPTIONS.seconds))
            rows.append(row)
    # First and last: the mean of the two is the yardstick.
    first_and_last()
    for row in rows:
        if base and not OPTIONS.paired:
            row["baseline_rps"] = mean_rps("baseline", row["c"])
        base_rps = row.get("baseline_rps")
        row["ratio"] = row["rps"] / base_rps if base_rps else None
        list_rps = mean_rps("baseline-list", row["c"])
        row["ratio_list"] = (
            row["rps"] / list_rps if list_rps and row["page"] in LIST_PAGES else None
        )
    table = list(rows)
    for page in yardsticks:
        for concurrency in OPTIONS.concurrency:
            same = [b for b in measured_baselines[page.name] if b["c"] == concurrency]
            if not same:
                continue
            table.append(
                {
                    **probes[page.name],
                    "page": page.name,
                    "c": concurrency,
                    "rps": statistics.mean(b["rps"] for b in same),
                    "p50_ms": statistics.median(b["p50_ms"] or 0 for b in same),
                    "p99_ms": max(b["p99_ms"] or 0 for b in same),
                    "rps_range": [
                        round(min(b["rps"] for b in same), 1),
                        round(max(b["rps"] for b in same), 1),
                    ],
                    "ratio": 1.0 if page is base else None,
                    "ratio_list": 1.0 if page is list_base else None,
                }
            )
    print_table(table)
    # After the load, as a reader arriving then would.
    form = check_comment_form(
        target.port, pages["article-50"].path, info["article_50_id"]
    )
    say(f"comment form, fresh reader: {describe_form_check(form, mode)}")
    peaks = server.worker_peak_kib()
    say(
        f"peak RSS per gunicorn worker: {max(peaks) / 1024:.1f} MiB "
        f"(workers: {', '.join(f'{p / 1024:.1f}' for p in peaks)} MiB)"
    )
    return {
        "mode": mode,
        "rows": table,
        "skipped": skipped,
        "form_check": form,
        "worker_peak_mib": round(max(peaks) / 1024, 1),
    }


def from_cache(form: dict, mode: str) -> bool:
    """Whether the page of the form check came from the mode's cache."""
    return mode == "cold" or form["page_cache"].lower() in FROM_CACHE


def describe_form_check(form: dict, mode: str) -> str:
    if not form["ok"]:
        return f"FAILED: {form['detail']}"
    where = {"cold": "", "shipped": "page cache", "nginx": "nginx cache"}[mode]
    text = f"ok ({form['detail']}"
    if mode != "cold":
        text += f", page {form['page_cache']} in the {where}"
        if not from_cache(form, mode):
            text += ": not from the cache"
    return text + ")"


def print_table(table: list[dict]) -> None:
    say(
        f"{'page':<18}{'c':>3}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'queries':>9}{'bytes':>9}{'cache':>7}{'x base':>8}{'x list':>8}"
    )
    for row in table:
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        ratio_list = (
            f"{row['ratio_list']:.2f}" if row.get("ratio_list") is not None else "-"
        )
        if row["p50_ms"] is None:
            # Nothing finished in the measurement: one request's time instead.
            p50 = p99 = f"({row['probe_ms']:.0f})"
        else:
            p50, p99 = f"{row['p50_ms']:.1f}", f"{row['p99_ms']:.1f}"
        say(
            f"{row['page']:<18}{row['c']:>3}{row['rps']:>9.1f}{p50:>9}"
            f"{p99:>9}{row['queries']:>9}{row['bytes']:>9}{row['cache']:>7}"
            f"{ratio:>8}{ratio_list:>8}"
        )


def summarise(articles: int, tables: dict[str, dict]) -> dict:
    """One row per page and concurrency: each mode's rps and ratio; targets."""
    modes = [mode for mode in MODES if mode in tables]
    top = max(OPTIONS.concurrency)
    summary: dict[tuple[str, int], dict] = {}
    for mode in modes:
        for row in tables[mode]["rows"]:
            entry = summary.setdefault(
                (row["page"], row["c"]), {"page": row["page"], "c": row["c"]}
            )
            entry[mode] = {"rps": round(row["rps"], 1), "ratio": row["ratio"]}
    rows = sorted(summary.values(), key=lambda r: (PAGE_NAMES.index(r["page"]), r["c"]))
    say(
        f"\n== summary, {articles} articles ({OPTIONS.engine}): requests/s, and "
        "x base = their share of the baseline's (one article and fifty comments, "
        "from memory) =="
    )
    header = f"{'page':<18}{'c':>3}"
    for mode in modes:
        header += f"{mode + ' rps':>14}{'x base':>8}"
    say(header)
    for row in rows:
        line = f"{row['page']:<18}{row['c']:>3}"
        for mode in modes:
            figures = row.get(mode)
            if figures is None:
                line += f"{'-':>14}{'-':>7} "
                continue
            ratio = figures["ratio"]
            under = (
                row["page"] in TARGET_PAGES
                and ratio is not None
                and ratio < TARGETS[mode]
            )
            line += f"{figures['rps']:>14.1f}"
            line += f"{f'{ratio:.2f}' if ratio is not None else '-':>7}"
            line += "!" if under else " "
        say(line)
    say(
        "targets (issue 13): "
        + ", ".join(f"{mode} >= {TARGETS[mode]:g}x" for mode in MODES)
        + f" for {', '.join(TARGET_PAGES)}, at c={top}, each with the comment form "
        "working from the cached page; ! marks a figure under its target"
    )
    verdicts = []
    for mode in modes:  # at the highest concurrency: throughput, not latency
        form = tables[mode]["form_check"]
        shortfalls = [
            f"{row['page']} c={row['c']} {row[mode]['ratio']:.2f}x"
            for row in rows
            if row["page"] in TARGET_PAGES
            and mode in row
            and row[mode]["ratio"] is not None
            and row["c"] == top
            and row[mode]["ratio"] < TARGETS[mode]
        ]
        checked = [
            row
            for row in rows
            if row["page"] in TARGET_PAGES
            and mode in row
            and row[mode]["ratio"] is not None
            and row["c"] == top
        ]
        met = form["ok"] and from_cache(form, mode) and checked and not shortfalls
        say(
            f"  {mode:<8} {'met' if met else 'NOT met'}: "
            + (
                f"{len(checked) - len(shortfalls)} of {len(checked)} pages at target"
                if checked
                else f"no target page measured at c={top} with the baseline"
            )
            + (f" (under: {', '.join(shortfalls)})" if shortfalls else "")
            + f"; comment form {describe_form_check(form, mode)}"
            + (
                " [Python load generator: these nginx figures are its ceiling]"
                if mode == "nginx" and OPTIONS.load_generator != "wrk"
                else ""
            )
        )
        verdicts.append({"mode": mode, "met": bool(met), "under": shortfalls})
    return {"rows": rows, "targets": verdicts}


FLAT_ROUNDS = 3


def run_flatness(full: dict, small: dict) -> list[dict]:
    """Home, category and article at c=8: the largest archive against 100.

    Both servers run side by side, every cache off, and each page is measured
    on one, then at once on the other, three times over; each figure is the
    median of its three, so that a slower moment of the machine weighs on
    both alike and one unlucky measurement does not decide the ratio.
    """
    concurrency = max(OPTIONS.concurrency)
    results = []
    with (
        Server(small["database_url"], caches=False, workers=OPTIONS.workers) as few,
        Server(full["database_url"], caches=False, workers=OPTIONS.workers) as many,
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
        f"\n== flatness: {full['articles']} articles vs {small['articles']}, "
        "every cache off =="
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
    nginx_version = ensure_nginx() if "nginx" in OPTIONS.modes else None
    scratch.collect_static()
    say(
        f"newsroom page benchmark: {OPTIONS.engine}, cache "
        f"{'redis' if os.environ.get('REDIS_URL') else 'database table'}, "
        f"modes {', '.join(OPTIONS.modes)}"
        + (f" ({nginx_version})" if nginx_version else "")
        + f", sizes {', '.join(str(n) for n in OPTIONS.sizes)} articles, "
        f"load by {OPTIONS.load_generator}, {OPTIONS.seconds:g} s per measurement"
        + (", clients accept gzip" if OPTIONS.gzip else "")
    )
    if "nginx" in OPTIONS.modes and OPTIONS.load_generator != "wrk":
        say(
            "  warning: without wrk the Python load generator shares the two "
            "cores and tops out far below what nginx serves from its cache: "
            "the nginx figures are the generator's ceiling (apt-get install wrk)"
        )
    report = {
        "database": OPTIONS.engine,
        "redis": bool(os.environ.get("REDIS_URL")),
        "modes": OPTIONS.modes,
        "nginx": nginx_version,
        "workers": OPTIONS.workers,
        "load_generator": OPTIONS.load_generator,
        "gzip": OPTIONS.gzip,
        "seconds": OPTIONS.seconds,
        "concurrency": OPTIONS.concurrency,
        "targets": {"ratios": TARGETS, "pages": TARGET_PAGES},
        "sizes": [],
    }
    built = {}
    for articles in OPTIONS.sizes:
        info = built[articles] = make_dataset(articles)
        tables = {}
        if "cold" in OPTIONS.modes:
            with Server(
                info["database_url"], caches=False, workers=OPTIONS.workers
            ) as server:
                tables["cold"] = run_table(info, server, server, "cold")
        if {"shipped", "nginx"} & set(OPTIONS.modes):
            nginx_port = free_port()
            with Server(
                info["database_url"],
                caches=True,
                workers=OPTIONS.workers,
                trusted_origins=(f"http://127.0.0.1:{nginx_port}",),
            ) as server:
                if "shipped" in OPTIONS.modes:
                    tables["shipped"] = run_table(info, server, server, "shipped")
                if "nginx" in OPTIONS.modes:
                    with Nginx(server, nginx_port) as front:
                        tables["nginx"] = run_table(info, server, front, "nginx")
        summary = summarise(articles, tables)
        report["sizes"].append(
            {
                "articles": articles,
                "dataset": info["sizes"],
                "build_seconds": info["build_seconds"],
                "tables": tables,
                "summary": summary,
            }
        )
    largest = max(OPTIONS.sizes)
    if OPTIONS.flatness and largest > FLAT_ARTICLES:
        small = built.get(FLAT_ARTICLES) or make_dataset(FLAT_ARTICLES)
        report["flatness"] = run_flatness(built[largest], small)
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    say(f"\ndone in {report['total_seconds']} s")
    if OPTIONS.json:
        print(json.dumps(report, indent=1, default=str))
    failed = [
        f"{size['articles']} articles, {mode}: {table['form_check']['detail']}"
        for size in report["sizes"]
        for mode, table in size["tables"].items()
        if not table["form_check"]["ok"]
    ]
    if failed:
        raise BenchError("the comment form check failed:\n  " + "\n  ".join(failed))


def parse_options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--small",
        action="store_true",
        help="one small archive (200 articles), 1 s measurements at concurrency "
        "8 only, the baseline first and last only, no flatness check",
    )
    parser.add_argument(
        "--modes",
        help=f"comma-separated among {','.join(MODES)} (default: all three)",
    )
    parser.add_argument(
        "--sizes",
        help="comma-separated numbers of articles, one dataset each (default "
        "100,10000; --small: 200); the largest gets every page, the others "
        "the target pages (home, category, tag, article-50) and the baselines",
    )
    for key in FULL_SIZES:
        if key != "articles":
            parser.add_argument(f"--{key.replace('_', '-')}", type=int, dest=key)
    parser.add_argument(
        "--articles", type=int, help="one size of this many articles (= --sizes N)"
    )
    parser.add_argument("--seconds", type=float, help="per measurement (default 5)")
    parser.add_argument("--concurrency", help="comma-separated, default 8")
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (default 3)"
    )
    parser.add_argument(
        "--only",
        help=f"comma-separated among: {','.join(PAGE_NAMES)} (at every size)",
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
        "--gzip",
        action="store_true",
        help="send Accept-Encoding: gzip with every request, as browsers do "
        "(nginx then compresses each page it serves)",
    )
    parser.add_argument(
        "--json", action="store_true", help="the figures as JSON on stdout"
    )
    options = parser.parse_args(argv)
    options.seconds = options.seconds or (1 if options.small else 5)
    options.concurrency = [int(c) for c in (options.concurrency or "8").split(",")]
    if options.flatness is None:
        options.flatness = not options.small
    if options.paired is None:
        options.paired = not options.small
    options.modes = (options.modes or ",".join(MODES)).split(",")
    unknown = set(options.modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    options.modes = [mode for mode in MODES if mode in options.modes]
    if options.sizes:
        options.sizes = sorted({int(n) for n in options.sizes.split(",")})
    elif options.articles:
        options.sizes = [options.articles]
    else:
        options.sizes = [SMALL_SIZES["articles"]] if options.small else DEFAULT_SIZES
    if min(options.sizes) < 4:
        parser.error("every size needs at least four articles")
    options.only_given = bool(options.only)
    options.only = set(options.only.split(",")) if options.only else set(PAGE_NAMES)
    unknown = options.only - set(PAGE_NAMES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if options.seconds <= 0 or options.workers < 1 or min(options.concurrency) < 1:
        parser.error("--seconds, --workers and --concurrency must be positive")
    options.load_generator = (
        "wrk" if shutil.which("wrk") and not options.python_load else "python"
    )
    options.engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if options.gzip:
        CLIENT_HEADERS["Accept-Encoding"] = "gzip"
    return options


OPTIONS = argparse.Namespace(json=False, gzip=False)
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
