"""Settings read from the environment: start-up failures, deploy checks, back ends.

Start-up behaviour is tested in subprocesses, each with a clean environment:
settings are read once per process, and the test run's own variables must not
leak into what is being tested.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup()"
PRINT_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'], default=str))"
)
PRINT_CACHE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.CACHES['default'], default=str))"
)
PRINT_PAGE_CACHE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.CACHES['pages'], "
    "settings.NEWSROOM_PAGE_CACHE_SECONDS, settings.NEWSROOM_SHARED_CACHE_SECONDS]))"
)
PRODUCTION_KEY = secrets.token_urlsafe(50)


def clean_env(**variables: str) -> dict[str, str]:
    """The current environment without any newsroom setting, plus `variables`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_")
        and name not in {"DATABASE_URL", "REDIS_URL", "NEWSROOM_SITE_URL"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env.update(variables)
    return env


def run_python(*args: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        env=clean_env(**variables),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Start-up ------------------------------------------------------------------------


def test_production_mode_without_a_secret_key_refuses_to_start():
    result = run_python("-c", SETUP)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    result = run_python("-c", SETUP, DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_production_mode_starts_with_a_secret_key():
    result = run_python("-c", SETUP, DJANGO_SECRET_KEY=PRODUCTION_KEY)

    assert result.returncode == 0, result.stderr


def test_an_invalid_debug_value_is_a_clear_error():
    result = run_python("-c", SETUP, DJANGO_DEBUG="maybe")

    assert result.returncode != 0
    assert (
        "DJANGO_DEBUG must be one of 1/true/yes/on or 0/false/no/off, not 'maybe'."
        in result.stderr
    )


def test_deploy_check_passes_with_production_variables():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_ALLOWED_HOSTS="news.example.com",
        NEWSROOM_SITE_URL="https://news.example.com",
        DJANGO_DEBUG="0",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


# Database and cache back ends ----------------------------------------------------


def test_database_defaults_to_sqlite_with_immediate_transactions_and_wal():
    result = run_python("-c", PRINT_DATABASE, DJANGO_SECRET_KEY=PRODUCTION_KEY)

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(PROJECT_ROOT / "db.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert "PRAGMA journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql():
    result = run_python(
        "-c",
        PRINT_DATABASE,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DATABASE_URL="postgres://news:pw@db.example.com:5433/newsroom",
    )

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == (
        "newsroom",
        "db.example.com",
        5433,
    )
    assert "transaction_mode" not in database.get("OPTIONS", {})
    # Each worker keeps its connection a minute, checked before reuse.
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_sqlite_connections_are_kept_and_checked_too():
    result = run_python("-c", PRINT_DATABASE, DJANGO_SECRET_KEY=PRODUCTION_KEY)

    database = json.loads(result.stdout)
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_production_cache_defaults_to_a_table_shared_by_all_workers():
    result = run_python("-c", PRINT_CACHE, DJANGO_SECRET_KEY=PRODUCTION_KEY)

    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache["LOCATION"] == "newsroom_cache"


def test_debug_cache_defaults_to_local_memory():
    result = run_python("-c", PRINT_CACHE, DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_the_redis_cache():
    result = run_python(
        "-c",
        PRINT_CACHE,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        REDIS_URL="redis://cache.example.com:6379/1",
    )

    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.example.com:6379/1"


def test_pages_live_in_each_workers_memory_without_redis():
    result = run_python("-c", PRINT_PAGE_CACHE, DJANGO_SECRET_KEY=PRODUCTION_KEY)

    assert result.returncode == 0, result.stderr
    pages, page_seconds, shared_seconds = json.loads(result.stdout)
    assert pages["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert pages["OPTIONS"] == {"MAX_ENTRIES": 1000}
    assert (page_seconds, shared_seconds) == (300, 60)


def test_pages_live_in_redis_with_redis_url():
    result = run_python(
        "-c",
        PRINT_PAGE_CACHE,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        REDIS_URL="redis://cache.example.com:6379/1",
    )

    pages, _, _ = json.loads(result.stdout)
    # Django's own back end: the page cache itself turns its errors into misses.
    assert pages["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert pages["LOCATION"] == "redis://cache.example.com:6379/1"


def test_debug_mode_keeps_no_pages():
    result = run_python("-c", PRINT_PAGE_CACHE, DJANGO_DEBUG="1")

    _, page_seconds, _ = json.loads(result.stdout)
    assert page_seconds == 0


def test_page_cache_lifetimes_come_from_the_environment():
    result = run_python(
        "-c",
        PRINT_PAGE_CACHE,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        NEWSROOM_PAGE_CACHE_SECONDS="0",
        NEWSROOM_SHARED_CACHE_SECONDS="15",
    )

    _, page_seconds, shared_seconds = json.loads(result.stdout)
    assert (page_seconds, shared_seconds) == (0, 15)


# HTTPS -----------------------------------------------------------------------------


@pytest.fixture
def ssl_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_plain_http_is_redirected_to_https(ssl_redirect, client, db):
    response = client.get("/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_https_request_is_served(ssl_redirect, client, db):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


# Hardening -------------------------------------------------------------------------

PRINT_HARDENING = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({name: getattr(settings, name, None) for name in ("
    "'SECURE_PROXY_SSL_HEADER', 'AXES_ENABLED', 'AXES_FAILURE_LIMIT', "
    "'AXES_HANDLER', 'AXES_LOCKOUT_PARAMETERS', 'AXES_CLIENT_IP_CALLABLE', "
    "'AUTHENTICATION_BACKENDS', 'MIDDLEWARE', 'CONTENT_SECURITY_POLICY', "
    "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', "
    "'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY', 'MEDIA_URL', "
    "'EMAIL_BACKEND', 'NEWSROOM_EMAIL_BACKEND', 'TASKS')}, default=str))"
)


def hardening(**variables: str) -> dict:
    result = run_python(
        "-c", PRINT_HARDENING, DJANGO_SECRET_KEY=PRODUCTION_KEY, **variables
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_trusts_no_forwarded_proto_header_by_default():
    assert hardening()["SECURE_PROXY_SSL_HEADER"] is None


def test_a_tls_proxy_can_be_declared_for_the_forwarded_proto_header():
    values = hardening(DJANGO_SECURE_PROXY_SSL_HEADER="1")

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_an_invalid_proxy_ssl_header_value_is_a_clear_error():
    result = run_python(
        "-c",
        SETUP,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_SECURE_PROXY_SSL_HEADER="x",
    )

    assert result.returncode != 0
    assert (
        "DJANGO_SECURE_PROXY_SSL_HEADER must be one of 1/true/yes/on or "
        "0/false/no/off, not 'x'." in result.stderr
    )


def test_production_throttles_admin_logins_per_username_and_address():
    values = hardening()

    assert values["AXES_ENABLED"] is True
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["AXES_HANDLER"] == "axes.handlers.cache.AxesCacheHandler"
    assert values["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert values["AXES_CLIENT_IP_CALLABLE"] == "core.http.client_address"
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"


def test_production_cookies_and_framing():
    values = hardening()

    assert (
        values["SESSION_COOKIE_SECURE"],
        values["SESSION_COOKIE_HTTPONLY"],
        values["CSRF_COOKIE_SECURE"],
        values["X_FRAME_OPTIONS"],
        values["SECURE_REFERRER_POLICY"],
    ) == (True, True, True, "DENY", "same-origin")


def test_media_on_another_origin_is_allowed_by_the_content_security_policy():
    values = hardening(MEDIA_URL="https://media.example.com/newsroom/")

    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert values["MEDIA_URL"] == "https://media.example.com/newsroom/"
    assert directives["img-src"] == ["'self'", "data:", "https://media.example.com"]
    assert directives["media-src"] == ["'self'", "https://media.example.com"]


def test_mail_is_queued_in_the_database_and_sent_by_the_configured_backend():
    values = hardening(EMAIL_HOST="smtp.example.org")
    assert values["EMAIL_BACKEND"] == "core.mail.QueuedEmailBackend"
    assert values["TASKS"] == {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    assert values["NEWSROOM_EMAIL_BACKEND"] == (
        "django.core.mail.backends.smtp.EmailBackend"
    )
    assert hardening()["NEWSROOM_EMAIL_BACKEND"] == (
        "django.core.mail.backends.console.EmailBackend"
    )
