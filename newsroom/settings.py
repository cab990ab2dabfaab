"""
Settings for newsroom, read from environment variables.

Debug is off unless DJANGO_DEBUG says otherwise, and with debug off the site
refuses to start without a secret key: a production deployment that forgot a
variable should fail loudly at start-up, not serve with an insecure default.
The README lists every variable.

Over 400 lines (a reason): one file that a deployer reads top to bottom is
easier to trust than settings spread over several.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/true/yes/on or 0/false/no/off, not {raw!r}."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}."
        ) from None


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production mode (DJANGO_DEBUG off) needs a "
            "long random secret key, for example from: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'. For local development set "
            "DJANGO_DEBUG=1 (make run does)."
        )
    # Only ever used with debug on, on a developer's own machine.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Infrastructure, for its system checks (newsroom/checks.py).
    "newsroom.apps.NewsroomConfig",
    # The project's rooms; each may use those above it, never those below
    # (tests/newsroom/test_import_doors.py).
    "core",
    "pictures",
    "articles",
    "comments",
    "staff",
]
# Demo content lives in a clone only: the installed package leaves it out.
if importlib.util.find_spec("demo") is not None:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that reads the database, so that its outage page also
    # replaces a failure in the session or authentication layers.
    "newsroom.middleware.DatabaseOutageMiddleware",
    # An ETag on every page, and 304 for a browser or cache that has it.
    "django.middleware.http.ConditionalGetMiddleware",
    # Shared reader pages, kept whole (newsroom/pagecache.py): outside the
    # policy, the session, CSRF and authentication layers, whose headers a
    # page is kept with and whose work a kept page never needs; inside the
    # security headers, the same for every answer.
    "newsroom.pagecache.PageCacheMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Every staff page, whatever its view says, is Cache-Control: private.
    "newsroom.middleware.StaffPagesPrivateMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The axes back end refuses a locked-out username and address before Django's
# own back end checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "articles.context_processors.navigation",
                "newsroom.context_processors.identity",
            ],
        },
    },
]

# Database: a SQLite file next to manage.py unless DATABASE_URL names another.
# WAL lets readers run while one writer writes; IMMEDIATE takes the write lock
# when a transaction starts, so two writers queue on the busy timeout instead
# of failing with "database is locked" half-way through.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=60, conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not usable: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each worker keeps its connection too: opening one (and running the
    # PRAGMAs above) on every request cost more than most pages' queries.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set. Without it, production uses a table in
# the database (created by `manage.py createcachetable`), because what the
# cache holds (view-count de-duplication, later rate limits) must be shared by
# every worker process; a debug run is one process and keeps it in memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
elif DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
        }
    }

# Whole pages for anonymous readers (newsroom/pagecache.py), this many seconds
# at most; 0 turns the page cache off. Off by default in debug, where a
# template change should show at once. Pages live in Redis when REDIS_URL is
# set, else in each worker's memory; either way the stamp that invalidates
# them lives in the shared default cache above.
NEWSROOM_PAGE_CACHE_SECONDS = env_int(
    "NEWSROOM_PAGE_CACHE_SECONDS", 0 if DEBUG else 5 * 60
)
# How long a shared HTTP cache (nginx, a CDN) may keep a reader page: its
# s-maxage. Such a cache hears of no change, so keep it short.
NEWSROOM_SHARED_CACHE_SECONDS = env_int("NEWSROOM_SHARED_CACHE_SECONDS", 60)
# Top-level comments per page of a discussion (replies follow their thread).
NEWSROOM_COMMENT_THREADS_PER_PAGE = env_int("NEWSROOM_COMMENT_THREADS_PER_PAGE", 50)
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "newsroom-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom-pages",
        # About 50 MB per worker at 50 kB a page.
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }

PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.MinimumLengthValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# An absolute MEDIA_URL (object storage, a media host) is also allowed by the
# Content-Security-Policy below.
MEDIA_URL = os.environ.get("MEDIA_URL", "").strip() or "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "") or BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded images: the admin rejects anything larger than this.
NEWSROOM_MAX_IMAGE_BYTES = 10 * 1024 * 1024
NEWSROOM_MAX_IMAGE_PIXELS = 40_000_000
# A reader's repeat views of one article within this many seconds count once.
NEWSROOM_VIEW_WINDOW_SECONDS = env_int("NEWSROOM_VIEW_WINDOW_SECONDS", 30 * 60)
# How many reverse proxies (load balancer, nginx...) stand in front of the app
# and append to X-Forwarded-For. 0 trusts no forwarding header at all.
NEWSROOM_TRUSTED_PROXIES = env_int("NEWSROOM_TRUSTED_PROXIES", 0)
if NEWSROOM_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("NEWSROOM_TRUSTED_PROXIES cannot be negative.")
NEWSROOM_ARTICLES_PER_PAGE = 10
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# The site's address, e.g. https://news.example.org: every absolute URL (canonical
# links, feeds, sitemaps, emails) starts with it, never with a request's Host.
# Required with debug off; newsroom/checks.py says what is wrong with it.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "").strip().rstrip("/")
NEWSROOM_SITE_TAGLINE = os.environ.get(
    "NEWSROOM_SITE_TAGLINE", "Reporting and opinion from our contributors"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: every message goes through the task queue (core/mail.py), and the
# worker sends it with NEWSROOM_EMAIL_BACKEND: SMTP when a host is
# configured, else printed to the worker's console.
EMAIL_BACKEND = "core.mail.QueuedEmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    NEWSROOM_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    NEWSROOM_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The task queue: tasks are rows in the site's own database, run by
# `manage.py run_worker` (email, and the schedules of core/schedule.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Comments' IP addresses keep their host part this many days (then the daily
# scheduled task, or `manage.py anonymize_comment_ips`, zeroes it).
NEWSROOM_COMMENT_IP_DAYS = env_int("NEWSROOM_COMMENT_IP_DAYS", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Production hardening. DJANGO_SECURE_SSL_REDIRECT=0 serves plain HTTP
# (loopback runs, or a proxy that already redirects).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True
    )
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
# Only behind a TLS-terminating proxy that always sets X-Forwarded-Proto (and
# drops whatever the client sent): trusting the header without such a proxy
# lets any plain-HTTP client claim to be on HTTPS.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# These hold in debug too, so that a development run meets the same rules.
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). Scripts come only from our own static
# files: no inline script runs anywhere. JSON-LD data blocks are not scripts
# the browser runs, so script-src does not apply to them. Styles are our own
# files too; newsroom.middleware allows inline styles in the admin and in the
# self-contained error pages, nowhere else.
_csp_media = []
if urlsplit(MEDIA_URL).scheme in {"http", "https"}:
    _media = urlsplit(MEDIA_URL)
    _csp_media = [f"{_media.scheme}://{_media.netloc}"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws some of its icons as data: URIs.
        "img-src": ["'self'", "data:", *_csp_media],
        "media-src": ["'self'", *_csp_media],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Admin login throttling (django-axes). Five failed logins for one username
# from one address lock that pair out for 15 minutes; a failure during the
# lock starts the 15 minutes again. Counts live in the shared cache, so every
# worker process sees them, and the address is ours: X-Forwarded-For counts
# only with NEWSROOM_TRUSTED_PROXIES set.
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Log lines name the username and address (axes masks them by default): an
# operator tracing an attack needs both. Passwords are always masked.
AXES_SENSITIVE_PARAMETERS = []
# The cache handler writes no database records, so the admin's axes pages would
# always be empty.
AXES_ENABLE_ADMIN = False
if DEBUG and not REDIS_URL:
    # axes warns that a memory cache is not shared between processes; a debug
    # run is one process (production uses Redis or the database table).
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Django's own console handler speaks only with debug on; this one always
    # does, and takes Django's messages once (no second copy via the root).
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # Logins, failures and lockouts (axes), database outages (newsroom):
        # always at INFO at least, whatever DJANGO_LOG_LEVEL says, through the
        # root logger's console handler.
        "axes": {"level": "INFO"},
        "axes.apps": {"level": "WARNING"},  # not its banner on every command
        "newsroom": {"level": "INFO"},
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
