"""Load test: gunicorn with production settings, simulated readers, exact checks.

Builds a throw-away database (SQLite, then PostgreSQL with --postgres or a
postgres DATABASE_URL), serves it with gunicorn in production mode on
loopback, and lets --clients simulated readers loose on it for --seconds:
reading articles, browsing lists and feeds, and posting comments through the
real form (CSRF cookie and field, signed timing token). Each reader sends its
own User-Agent and X-Forwarded-For, so each first view of an article counts.

Afterwards it checks the database: every accepted comment stored exactly once
(each carries a unique marker), no refused one stored, and each article's
view count equal to the number of distinct readers who got it. It prints
requests, errors, throughput and latency, and exits non-zero on any 5xx,
lost or duplicated write, or miscounted view.

    .venv/bin/python bench/load.py                 # SQLite, 16 clients, 30 s
    .venv/bin/python bench/load.py --postgres      # then PostgreSQL too
    .venv/bin/python bench/load.py --seconds 3 --clients 4 --workers 2 --json

Only the standard library speaks HTTP here (http.client and threads).
"""

import argparse
import http.client
import json
import os
import random
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
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ARTICLES = 8
MARKER = "load-marker-"
EMAIL_DOMAIN = "load-readers.example"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
# A production run needs its static files collected; the project's own
# STATIC_ROOT is left alone, so these settings only point it elsewhere.
SETTINGS_MODULE = "load_settings"
SETTINGS_TEXT = """from newsroom.settings import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""


# Inside the server's environment: building and reading the database -----------------


def setup_database() -> None:
    """Tables, static files, articles to read, and rules that let comments through.

    One process for all of it: each Django start-up costs a second or more.
    """
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)
    # The production cache is a database table unless REDIS_URL is set.
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from articles.models import Article, Category, Contributor, Tag
    from comments.models import DiscussionSettings

    writer = Contributor.objects.create(name="Load Writer", slug="load-writer")
    section = Category.objects.create(name="Load section", slug="load-section")
    topic = Tag.objects.create(name="Load topic", slug="load-topic")
    for number in range(ARTICLES):
        article = Article.objects.create(
            title=f"Load story {number}",
            slug=f"load-story-{number}",
            dek="A story for the load test.",
            body="Paragraph one.\n\nParagraph *two*, with a [link](https://example.org).",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=number + 1),
            contributor=writer,
        )
        article.categories.set([section])
        article.tags.set([topic])
    discussion = DiscussionSettings.load()
    # A load client sends the form back at once, and many comments come from
    # one test machine: no minimum writing time and no flood interval. Held
    # for moderation (the default), no spam words, no notification emails.
    discussion.min_fill_seconds = 0
    discussion.flood_seconds = 0
    discussion.hold_all = True
    discussion.spam_words = ""
    discussion.hold_words = ""
    discussion.notify_moderators = False
    discussion.notify_contributor = False
    discussion.save()
    print(json.dumps({"slugs": [f"load-story-{n}" for n in range(ARTICLES)]}))


def read_database() -> None:
    from articles.models import Article
    from comments.models import Comment

    print(
        json.dumps(
            {
                "views": dict(Article.objects.values_list("slug", "view_count")),
                "markers": list(
                    Comment.objects.filter(body__startswith=MARKER).values_list(
                        "body", flat=True
                    )
                ),
                "comments": Comment.objects.count(),
            }
        )
    )


def inside_django(action: str) -> None:
    sys.path[:0] = [str(ROOT), os.environ["NEWSROOM_LOAD_DIR"]]
    import django

    django.setup()
    {"setup": setup_database, "read": read_database}[action]()


# The simulated readers ----------------------------------------------------------------


@dataclass
class Tally:
    """What the clients did and saw; one per run, shared by the threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    views: Counter = field(default_factory=Counter)  # slug -> distinct readers
    uncertain_views: Counter = field(default_factory=Counter)
    accepted: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    requests: int = 0

    def record(self, status: int | None, seconds: float, what: str) -> None:
        with self.lock:
            self.requests += 1
            self.latencies.append(seconds)
            if status is None:
                self.failures[f"{what}: no answer"] += 1
            else:
                self.statuses[status] += 1
                if status >= 500:
                    self.failures[f"{what}: {status}"] += 1


class Reader:
    """One simulated person: an address, a browser, and the cookies it was given.

    Cookies are kept whatever their Secure flag says: this client speaks plain
    HTTP to loopback, where the production settings still mark them Secure.
    """

    _numbers = iter(range(1, 10**9))
    _numbers_lock = threading.Lock()

    def __init__(self, port: int):
        with Reader._numbers_lock:
            self.number = next(Reader._numbers)
        self.port = port
        # A documentation-free private range: 10.x.y.z, one per reader.
        self.address = (
            ".".join(
                str(part)
                for part in (10, self.number >> 16 & 255, self.number >> 8 & 255)
            )
            + f".{self.number & 255}"
        )
        self.user_agent = (
            "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 "
            f"Firefox/130.0 reader/{self.number}"
        )
        self.cookies: dict[str, str] = {}
        self.seen: set[str] = set()

    def request(self, method: str, path: str, body: str | None = None):
        """(status, headers, text, seconds); status None if nothing came back."""
        headers = {
            "User-Agent": self.user_agent,
            "X-Forwarded-For": self.address,
            "Accept": "text/html",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response, text, time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            return None, None, "", time.perf_counter() - started
        finally:
            connection.close()


STATE_ADDRESS = re.compile(r'data-reader-state="([^"]+)"')


def read_article(reader: Reader, slug: str, tally: Tally) -> tuple[str, dict]:
    """The page, then what its script asks for: (page, the reader's state)."""
    path = f"/articles/{slug}/"
    status, _, text, seconds = reader.request("GET", path)
    tally.record(status, seconds, "article")
    address = STATE_ADDRESS.search(text or "")
    if status != 200 or address is None:
        return "", {}
    # Asking for the reader's state is what counts the view.
    status, _, body, seconds = reader.request("GET", unescape(address[1]))
    tally.record(status, seconds, "reader state")
    with tally.lock:
        if slug not in reader.seen:
            # The first view by this reader counts; a repeat view never does.
            if status == 200:
                tally.views[slug] += 1
            elif status is None:
                tally.uncertain_views[slug] += 1
        reader.seen.add(slug)
    return text, (json.loads(body) if status == 200 else {})


def post_comment(reader: Reader, slug: str, tally: Tally) -> None:
    page, state = read_article(reader, slug, tally)
    action = re.search(r'<form[^>]+action="(/comments/post/\d+/)"', page)
    if not page or action is None or "form_token" not in state:
        with tally.lock:
            tally.failures["comment form missing from the article page"] += 1
        return
    marker = f"{MARKER}{uuid.uuid4().hex}"
    # The tokens the page's script would fill in from /reader/state/.
    form = {
        "csrfmiddlewaretoken": state["csrf_token"],
        "token": state["form_token"],
        "body": marker,
        "name": f"Load Reader {reader.number}",
        "email": f"reader{reader.number}@{EMAIL_DOMAIN}",
        "website": "",
        "honeypot": "",
    }
    status, response, text, seconds = reader.request("POST", action[1], urlencode(form))
    tally.record(status, seconds, "comment")
    with tally.lock:
        if status == 303 and "#comment-" in (response.getheader("Location") or ""):
            tally.accepted.append(marker)
        elif status is None:
            tally.uncertain.append(marker)
        else:
            tally.refused.append(marker)
            tally.failures[f"comment refused with {status}"] += 1


def browse(reader: Reader, tally: Tally) -> None:
    path = random.choice(
        [
            "/",
            "/?page=1",
            "/category/load-section/",
            "/tag/load-topic/",
            "/contributors/load-writer/",
            "/feed/",
            "/sitemap.xml",
            "/search/?q=load+story",
        ]
    )
    status, _, _, seconds = reader.request("GET", path)
    tally.record(status, seconds, path)


def client_loop(port: int, slugs: list[str], deadline: float, budget: int, tally):
    rng = random.Random()
    done = 0
    while time.monotonic() < deadline and done < budget:
        reader = Reader(port)
        roll = rng.random()
        if roll < 0.25:
            post_comment(reader, rng.choice(slugs), tally)
            done += 2
        elif roll < 0.40:
            browse(reader, tally)
            done += 1
        else:
            # A reader reads one to three articles, now and then one twice.
            picks = rng.sample(slugs, rng.randint(1, 3))
            if rng.random() < 0.2:
                picks.append(picks[0])
            for slug in picks:
                read_article(reader, slug, tally)
            done += len(picks)


# Running one database -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def django_env(workdir: Path, database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_")) and key != "REDIS_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        NEWSROOM_SITE_URL="http://127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
        NEWSROOM_TRUSTED_PROXIES="1",
        NEWSROOM_LOAD_DIR=str(workdir),
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(workdir / "media"),
        PYTHONPATH=os.pathsep.join([str(workdir), str(ROOT)]),
    )
    return env


def run_inside(env: dict, action: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--inside", action],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise SystemExit(f"{action} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it served a request")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise SystemExit("gunicorn did not answer within a minute")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(label: str, database_url: str, options) -> dict:
    """One load run against `database_url`; returns the figures and the checks."""
    workdir = Path(tempfile.mkdtemp(prefix=f"newsroom-load-{label}-"))
    try:
        (workdir / f"{SETTINGS_MODULE}.py").write_text(
            SETTINGS_TEXT.format(static_root=str(workdir / "static"))
        )
        env = django_env(workdir, database_url.format(workdir=workdir))
        started = time.perf_counter()
        slugs = run_inside(env, "setup")["slugs"]
        prepared = time.perf_counter() - started

        port = free_port()
        log = (workdir / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "newsroom.wsgi:application",
                f"--workers={options.workers}",
                f"--bind=127.0.0.1:{port}",
                "--timeout=120",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(port, server)
            tally = Tally()
            deadline = time.monotonic() + options.seconds
            budget = max(1, options.max_requests // options.clients)
            threads = [
                threading.Thread(
                    target=client_loop, args=(port, slugs, deadline, budget, tally)
                )
                for _ in range(options.clients)
            ]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()

        stored = run_inside(env, "read")
        counts = Counter(stored["markers"])
        accepted = set(tally.accepted)
        lost = sorted(marker for marker in accepted if counts[marker] == 0)
        duplicated = sorted(marker for marker, n in counts.items() if n > 1)
        refused_but_stored = sorted(m for m in tally.refused if counts[m])
        unexpected = sorted(
            m for m in counts if m not in accepted and m not in tally.uncertain
        )
        view_mismatches = {
            slug: {"expected": tally.views[slug], "stored": stored["views"][slug]}
            for slug in slugs
            if not (
                tally.views[slug]
                <= stored["views"][slug]
                <= tally.views[slug] + tally.uncertain_views[slug]
            )
        }
        server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
        result = {
            "database": label,
            "seconds": round(elapsed, 2),
            "setup_seconds": round(prepared, 2),
            "clients": options.clients,
            "workers": options.workers,
            "requests": tally.requests,
            "throughput_per_second": round(tally.requests / elapsed, 1),
            "latency_ms_p50": round(1000 * statistics.median(tally.latencies), 1),
            "latency_ms_p99": round(1000 * percentile(tally.latencies, 0.99), 1),
            "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
            "server_errors": server_errors,
            "no_answer": sum(
                n for what, n in tally.failures.items() if "no answer" in what
            ),
            "failures": dict(tally.failures),
            "comments_accepted": len(accepted),
            "comments_refused": len(tally.refused),
            "comments_uncertain": len(tally.uncertain),
            "comments_lost": len(lost),
            "comments_duplicated": len(duplicated),
            "comments_refused_but_stored": len(refused_but_stored),
            "comments_unexpected": len(unexpected),
            "views_expected": sum(tally.views.values()),
            "views_stored": sum(stored["views"].values()),
            "view_mismatches": view_mismatches,
        }
        result["ok"] = (
            server_errors == 0
            and result["no_answer"] == 0
            and not tally.failures
            and not lost
            and not duplicated
            and not refused_but_stored
            and not unexpected
            and not view_mismatches
            and len(accepted) > 0
        )
        if not result["ok"]:
            result["server_log_tail"] = (workdir / "gunicorn.log").read_text()[-4000:]
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# PostgreSQL: a database of our own for the run ----------------------------------------


def postgres_run(options) -> dict:
    import psycopg

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = PG_DEFAULT
    parts = urlsplit(base)
    name = f"newsroom_load_{os.getpid()}"
    admin = psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        url = parts._replace(path=f"/{name}").geturl()
        try:
            return run("postgresql", url, options)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def report(result: dict) -> None:
    print(f"\n== {result['database']} ==")
    for key, value in result.items():
        if key not in ("database", "server_log_tail"):
            print(f"  {key}: {value}")
    if "server_log_tail" in result:
        print("  server log (end):\n" + result["server_log_tail"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--max-requests",
        type=int,
        default=100_000,
        help="stop early after about this many requests in all",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="after SQLite, run against a throw-away PostgreSQL database too "
        "(also when DATABASE_URL names a postgres server)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--inside", choices=["setup", "read"], help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.inside:
        inside_django(options.inside)
        return 0
    if options.seconds <= 0 or options.clients < 1 or options.workers < 1:
        parser.error("--seconds, --clients and --workers must be positive")

    results = [run("sqlite", "sqlite:///{workdir}/load.sqlite3", options)]
    if options.postgres or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        results.append(postgres_run(options))
    if options.json:
        print(json.dumps(results))
    else:
        for result in results:
            report(result)
    return 0 if all(result["ok"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
