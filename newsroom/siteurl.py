"""The site's own address, for every absolute URL (DESIGN.md, invariant 9).

Canonical links, OpenGraph and JSON-LD, feeds, sitemaps, robots.txt and every
email link start with `NEWSROOM_SITE_URL`, never with a request's `Host` or
`X-Forwarded-*` headers: those are whatever the client (or a proxy passing them
on) sent, and a page kept in a shared cache, or an email, would hand a
stranger's address to every later reader. Production refuses to start without
the setting (newsroom/checks.py); a debug run without it uses the request's
address, or runserver's when there is no request.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import iri_to_uri

EXAMPLE = "https://news.example.org"
# runserver's own address: links in emails and feeds of a debug run without
# the setting (make run sets it).
DEBUG_FALLBACK = "http://127.0.0.1:8000"


def site_url_problem(value: str) -> str | None:
    """What is wrong with `value` as the site's address; None when it is usable.

    A scheme (http or https) and a host, with an optional port: nothing that
    would end up in the middle of every address built from it.
    """
    if any(character.isspace() for character in value) or "?" in value or "#" in value:
        return "must be a scheme and host only, with no spaces, query or fragment"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is no number
    except ValueError:
        return "is not a valid URL"
    if parts.scheme not in {"http", "https"}:
        return "must start with http:// or https://"
    if not parts.hostname:
        return "names no host"
    if parts.username is not None or parts.password is not None:
        return "must not contain a user name or password"
    if parts.path.rstrip("/"):
        return "must have no path: the site is served from its root"
    return None


def site_url(request=None) -> str:
    """The site's address, scheme and host (and port), without a trailing slash.

    `request` is only read in a debug run without NEWSROOM_SITE_URL.
    """
    configured = getattr(settings, "NEWSROOM_SITE_URL", "").rstrip("/")
    if configured:
        return configured
    if not settings.DEBUG:
        # newsroom.checks stops such a start; this is for code run without checks.
        raise ImproperlyConfigured(
            f"NEWSROOM_SITE_URL is not set: set it to the site's address, "
            f"e.g. NEWSROOM_SITE_URL={EXAMPLE}."
        )
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return DEBUG_FALLBACK


def absolute_url(path: str, request=None) -> str:
    """`path` (from reverse(), get_absolute_url(), a storage) on the site's address.

    An address that is already absolute (a file on object storage) is returned
    as it is. `request` is only read in a debug run without NEWSROOM_SITE_URL.
    """
    if urlsplit(path).scheme or path.startswith("//"):
        return path
    if not path.startswith("/"):
        path = f"/{path}"
    return iri_to_uri(site_url(request) + path)
