"""Whole pages for anonymous readers, from the cache.

Django's own cache middleware keys a page on the cookies it varies on, and
every reader page varies on Cookie (the comment form's CSRF token), so for
anonymous readers it would keep one copy per reader. This middleware keeps one
copy per address for everyone who carries no personal cookie, and fills in
the only two per-reader values of such a page as it serves it:

- the CSRF token of the comment form, from the reader's own CSRF cookie (or a
  new one), exactly as rendering the page would;
- the comment form's signed timing token, issued now, so that "sent too fast"
  still measures the reader's own time on the page.

Which pages: only views wrapped in `cacheable_page`, answering 200 to a GET
that carries no session, messages or commenter cookie, and only when the view
did not mark the response private (a preview, a prefilled form) or set another
cookie. Logged-in staff and commenters with their own details or a pending
comment always get a page made for them, which is never stored.

Invalidation: every key includes a generation stamp kept in the default cache
(shared by all workers: Redis or the database table). Any change that a reader
page shows (an article saved, published, unpublished or deleted; a category,
tag or byline edited; a comment approved, removed or edited; discussion
settings) replaces the stamp once the transaction commits, and every page
made before is gone at once. An article scheduled for later appears on time:
no page is kept past the next scheduled publication.

A view of an article served from the cache is counted like any other; the
number printed on the cached page lags by at most the cache lifetime.
"""

import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass
from functools import wraps
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response

logger = logging.getLogger(__name__)

PAGES_ALIAS = "pages"
GENERATION_KEY = "pagecache:generation"
# Placeholders stand in for the per-reader values in a stored page. They
# contain "<", which no escaped text on a page can, and nh3 removes HTML
# comments from article bodies, so nothing a writer or reader typed can
# produce one.
CSRF_HOLE = b"<!--newsroom:csrf-->"
FORM_TOKEN_HOLE = b"<!--newsroom:form-token-->"
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]*)(")')
FORM_TOKEN_VALUE = re.compile(rb'(name="token" value=")([^"]*)(")')
HIT_HEADER = "X-Cache"


def cacheable_page(view):
    """Let the page cache store what `view` answers to anonymous readers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.page_cacheable = True
        return view(request, *args, **kwargs)

    # Read by the middleware before the view runs: other pages never pay for
    # a look in the cache.
    wrapped.page_cacheable = True
    return wrapped


def kept_document(view):
    """Keep what `view` answers whole, for everyone, until the next change.

    For documents with nothing of any reader in them (feeds, sitemaps), which
    are the same for staff and readers alike: kept as fragments are, so even
    with the page cache off a crawler polling them costs one cache read.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = fragment_seconds(request) if request.method == "GET" else 0
        if seconds <= 0:
            return view(request, *args, **kwargs)
        store = caches[PAGES_ALIAS]
        key = _page_key(request, f"document:{request_stamp(request)}")
        stored = store.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming:
            headers = [(name, value) for name, value in response.items()]
            store.set(key, (200, headers, response.content), timeout=seconds)
        return response

    return wrapped


def page_cache_seconds() -> int:
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


def personal_cookies() -> set[str]:
    # Lazy import: the comments app's cookie names live with its cookie code.
    from comments.cookies import AUTHOR_COOKIE, PENDING_COOKIE

    return {
        settings.SESSION_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
        AUTHOR_COOKIE,
        PENDING_COOKIE,
    }


def generation() -> str | None:
    """The current stamp (see `current`); None when the cache is unavailable."""
    return current()[0]


def current() -> tuple[str | None, float]:
    """The current (stamp, due): a new stamp when none is stored, or when due.

    The stored value is (stamp, due): `due` is when the next scheduled
    article goes live (0 for none), read when the stamp was made. Once that
    time has passed, the first request to notice makes a new stamp, so lists
    and sidebars show the article on time even though nothing was saved.
    """
    try:
        stored = cache.get(GENERATION_KEY)
        if stored is None:
            stored = _new_generation()
            # add, not set: of two workers starting at once, both end up
            # with the stamp that was stored first.
            if not cache.add(GENERATION_KEY, stored, timeout=None):
                stored = cache.get(GENERATION_KEY, stored)
        stamp, due = stored
        if due and due <= time.time():
            stamp, due = invalidate()
    except Exception as exc:
        # Without the stamp nothing stored can be trusted: pages are made
        # afresh, and nothing is stored, until the cache is back.
        logger.warning("Cache unavailable, pages rendered uncached: %s", exc)
        return None, 0
    return stamp, due


def memo_current(name: str, build):
    """`memo` for code that has no request at hand (sitemaps)."""

    return memo(SimpleNamespace(), name, build)


def _new_generation() -> tuple[str, float]:
    from articles.models import Article

    upcoming = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    # Never a stamp used before, even after the cache lost the key.
    stamp = f"{time.time_ns():x}{secrets.token_hex(4)}"
    return stamp, upcoming.timestamp() if upcoming else 0


def request_stamp(request: HttpRequest) -> str | None:
    """`generation()`, read once per request however many parts ask."""
    if not hasattr(request, "_page_cache_stamp"):
        # Once, even when it is None (the cache is unavailable): asking again
        # would only wait on the same failing cache.
        request._page_cache_stamp, request._page_cache_due = current()
    return request._page_cache_stamp


def memo(request: HttpRequest, name: str, build):
    """`build()`, kept with the fragments until the next change.

    For small values read on every page (settings rows): from the pages
    cache (each worker's memory without Redis) instead of a database query.
    """
    stamp = request_stamp(request)
    if stamp is None:
        return build()
    # Hashed: names may carry a reader's search words.
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"memo:{stamp}:{digest}"
    store = caches[PAGES_ALIAS]
    value = store.get(key)
    if value is None:
        value = build()
        store.set(key, value, timeout=settings.NEWSROOM_FRAGMENT_CACHE_SECONDS)
    return value


def invalidate() -> tuple[str, float]:
    """Forget every stored page and fragment now; return the new (stamp, due)."""
    stored = _new_generation()
    cache.set(GENERATION_KEY, stored, timeout=None)
    return stored


def invalidate_on_commit(**kwargs) -> None:
    """Forget every stored page once the current transaction commits.

    Not before: a page rendered between the change and the commit would still
    show the old data, and it would be stored under the new stamp. Usable as
    a signal receiver.
    """
    transaction.on_commit(invalidate, robust=True)


def fragment_seconds(request: HttpRequest) -> int:
    """How long this request may keep fragments: 0 without a trusted stamp."""
    if request_stamp(request) is None:
        return 0
    return settings.NEWSROOM_FRAGMENT_CACHE_SECONDS


def _page_key(request: HttpRequest, stamp: str) -> str:
    address = request.build_absolute_uri()
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{stamp}:{digest}"


def _seconds_to_keep(request: HttpRequest) -> int:
    """The page lifetime, cut short by the next scheduled publication."""
    seconds = page_cache_seconds()
    due = getattr(request, "_page_cache_due", 0)
    if due:
        seconds = min(seconds, int(due - time.time()))
    return seconds


@dataclass(frozen=True, slots=True, kw_only=True)
class CachedPage:
    """What is stored: a page with its per-reader values taken out."""

    status: int
    headers: list[tuple[str, str]]
    content: bytes
    etag: str
    article_id: int | None


def with_holes(content: bytes) -> bytes:
    content = CSRF_VALUE.sub(rb"\1" + CSRF_HOLE + rb"\3", content)
    return FORM_TOKEN_VALUE.sub(rb"\1" + FORM_TOKEN_HOLE + rb"\3", content)


def _etag(content: bytes) -> str:
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def filled(request: HttpRequest, content: bytes, article_id: int | None) -> bytes:
    """`content` with this reader's CSRF token and a fresh form token in its holes."""
    if CSRF_HOLE in content:
        content = content.replace(CSRF_HOLE, get_token(request).encode())
    if FORM_TOKEN_HOLE in content and article_id is not None:
        from comments.forms import signed_form_token

        token = signed_form_token(article_id)
        content = content.replace(FORM_TOKEN_HOLE, token.encode())
    return content


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module text).

    Also gives every cacheable page an ETag computed without its per-reader
    values, so a browser's conditional request gets a 304 whether the page
    came from the cache or was rendered again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lookup = self._lookup_key(request)
        if lookup is not None:
            stored = caches[PAGES_ALIAS].get(lookup[1])
            if stored is not None:
                return self._serve(request, stored)
        response = self.get_response(request)
        if not getattr(request, "page_cacheable", False):
            return response
        if response.status_code != 200 or response.streaming:
            return response
        if request.method not in ("GET", "HEAD"):
            return response
        content = with_holes(response.content)
        if not response.has_header("ETag"):
            response["ETag"] = _etag(content)
        if lookup is not None and self._storable(request, response):
            stamp, key = lookup
            seconds = _seconds_to_keep(request)
            if seconds > 0:
                page = CachedPage(
                    status=response.status_code,
                    headers=[
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in ("vary", "set-cookie")
                    ],
                    content=content,
                    etag=response["ETag"],
                    article_id=getattr(request, "page_cache_article_id", None),
                )
                caches[PAGES_ALIAS].set(key, page, timeout=seconds)
            response[HIT_HEADER] = "miss"
        return get_conditional_response(
            request, etag=response["ETag"], response=response
        )

    def _lookup_key(self, request: HttpRequest):
        """(stamp, key) when this request may be answered from the cache."""
        if request.method != "GET" or page_cache_seconds() <= 0:
            return None
        if not personal_cookies().isdisjoint(request.COOKIES):
            return None
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        if not getattr(match.func, "page_cacheable", False):
            return None
        stamp = request_stamp(request)
        if stamp is None:
            return None
        return stamp, _page_key(request, stamp)

    def _storable(self, request: HttpRequest, response: HttpResponse) -> bool:
        if getattr(request, "comments_personal", False):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if "private" in cache_control or "no-store" in cache_control:
            return False
        # A CSRF cookie is the same kind of value the hole refills; any other
        # cookie was meant for this reader alone.
        return set(response.cookies) <= {settings.CSRF_COOKIE_NAME}

    def _serve(self, request: HttpRequest, page: CachedPage) -> HttpResponse:
        if page.article_id is not None:
            from articles.services import article_record_view_by_id

            article_record_view_by_id(article_id=page.article_id, request=request)
        response = HttpResponse(
            filled(request, page.content, page.article_id), status=page.status
        )
        for name, value in page.headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return get_conditional_response(request, etag=page.etag, response=response)
