"""Whole reader pages, the same bytes for every anonymous reader.

A reader page holds nothing of any one reader: no CSRF token, no remembered
name, no pending comment, no live count. Those come from `/reader/state/`
(newsroom/readerstate.py), read by the site's own script. So a page may be
kept whole, here and by any shared HTTP cache on the way (nginx, a CDN).

How a view takes part: `shared_page` marks it. For a request that carries no
session or messages cookie, the response says `Cache-Control: public` with an
`s-maxage` (NEWSROOM_SHARED_CACHE_SECONDS); for one that does (logged-in
staff), the page is made for that person and marked `private`. A view may
still mark a response private itself (a staff preview).

What this middleware keeps: a 200 answer to a GET, marked `public` by its
view, that sets no cookie and does not vary on cookies. It serves the kept
copy to any GET or HEAD without the session or messages cookie. The key is
the path and query string only: no page names the request's host or scheme,
every absolute address comes from NEWSROOM_SITE_URL.

Invalidation knows no app: apps call `invalidate_on_commit` from their own
signal receivers, and register with `register_next_change` a function that
tells when their content changes by itself (an article scheduled for later).
Both work on one stamp in the shared default cache, part of every key.
"""

import datetime
import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PAGES_ALIAS = "pages"
STAMP_KEY = "pagecache:stamp"
HIT_HEADER = "X-Cache"

_next_change_sources: list[Callable[[], datetime.datetime | None]] = []


def register_next_change(source: Callable[[], datetime.datetime | None]) -> None:
    """Let `source()` say when content next changes by itself (or None).

    Called when a new stamp is made; no page is kept past the earliest answer,
    and the first request after it makes a new stamp.
    """
    if source not in _next_change_sources:
        _next_change_sources.append(source)


def carries_identity(request: HttpRequest) -> bool:
    """Whether the request may belong to someone: a session or messages cookie.

    Read from the cookie names alone: touching the session would make every
    response vary on cookies.
    """
    messages = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")
    names = {settings.SESSION_COOKIE_NAME, messages}
    return not names.isdisjoint(request.COOKIES)


def shared_page(view):
    """Mark a reader page: GET and HEAD only, public to anonymous readers."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        control = response.get("Cache-Control", "")
        if "private" in control or "no-store" in control:
            return response
        if carries_identity(request):
            patch_cache_control(response, private=True)
        else:
            # Browsers ask again each time (a 304 when nothing changed);
            # shared caches keep the page a short while.
            fresh = {} if "max-age" in control else {"max_age": 0}
            patch_cache_control(
                response, public=True, s_maxage=shared_seconds(), **fresh
            )
        return response

    return wrapped


def shared_seconds() -> int:
    """How long a shared HTTP cache may keep a page.

    Short, because a shared cache hears of no change: an edit, or an article
    scheduled for later, reaches it within this many seconds.
    """
    return settings.NEWSROOM_SHARED_CACHE_SECONDS


def current() -> tuple[str | None, float]:
    """The current (stamp, due); (None, 0) when the cache cannot be read.

    `due` is when content next changes by itself (0 for never): once it has
    passed, the first request to notice makes a new stamp.
    """
    try:
        stored = cache.get(STAMP_KEY)
        if stored is not None and stored[1] and stored[1] <= time.time():
            # Content changed by itself (a scheduled article went live).
            cache.delete(STAMP_KEY)
            stored = None
        if stored is None:
            stored = _new_stamp()
            # add, not set: of two workers making one at once, both end up
            # with the stamp that was stored first.
            if not cache.add(STAMP_KEY, stored, timeout=None):
                stored = cache.get(STAMP_KEY, stored)
        stamp, due = stored
    except Exception as exc:
        # Without the stamp nothing kept can be trusted: pages are made
        # afresh, and none is kept, until the cache is back.
        logger.warning("Cache unavailable, pages not kept: %s", exc)
        return None, 0
    return stamp, due


def _new_stamp() -> tuple[str, float]:
    dues = [source() for source in _next_change_sources]
    due = min((moment.timestamp() for moment in dues if moment), default=0)
    # Never a stamp used before, even after the cache lost the key.
    return f"{time.time_ns():x}{secrets.token_hex(4)}", due


def invalidate() -> None:
    """Forget every kept page now.

    The stamp is dropped, and the next request makes a new one (never one
    used before): cheap enough to run after every write, however many.
    """
    cache.delete(STAMP_KEY)


def invalidate_on_commit(**kwargs) -> None:
    """Forget every kept page once the current transaction commits.

    Not before: a page made between the change and the commit would still
    show the old data, and it would be kept under the new stamp. Usable as a
    signal receiver.
    """
    transaction.on_commit(invalidate, robust=True)


def _key(request: HttpRequest, stamp: str) -> str:
    address = request.get_full_path()
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{stamp}:{digest}"


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if "public" not in control or "private" in control or "no-store" in control:
        return False
    return "cookie" not in response.get("Vary", "").lower()


class PageCacheMiddleware:
    """Serve and keep whole shared pages (see the module text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or carries_identity(request)
        ):
            return self.get_response(request)
        stamp, due = current()
        if stamp is None:
            return self.get_response(request)
        key = _key(request, stamp)
        kept = _read(key)
        if kept is not None:
            # Kept as it is answered: headers and all, marked a hit.
            return kept
        response = self.get_response(request)
        if request.method == "GET" and _storable(response):
            if due:
                seconds = min(seconds, int(due - time.time()))
            if seconds > 0:
                # The ETag kept with the page, for HEAD and 304s from the cache.
                if not response.has_header("ETag"):
                    set_response_etag(response)
                page = HttpResponse(response.content, status=response.status_code)
                for name, value in response.items():
                    page[name] = value
                page[HIT_HEADER] = "hit"
                if _keep(key, page, seconds):
                    response[HIT_HEADER] = "miss"
        return response


# Kept pages are copies of what the database can always make again: a cache
# that is restarting or out of reach slows pages down, never breaks them.


def _read(key: str) -> HttpResponse | None:
    try:
        return caches[PAGES_ALIAS].get(key)
    except Exception as exc:
        logger.warning("Pages cache unavailable, page made afresh: %s", exc)
        return None


def _keep(key: str, page: HttpResponse, seconds: int) -> bool:
    try:
        caches[PAGES_ALIAS].set(key, page, timeout=seconds)
    except Exception as exc:
        logger.warning("Pages cache unavailable, page not kept: %s", exc)
        return False
    return True
