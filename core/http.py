"""Who is asking: the reader's address behind our proxies, and whether a
request is a person reading rather than a machine or a prefetch."""

import re

from django.conf import settings
from django.http import HttpRequest

# Crawlers, link-preview fetchers, monitors and command-line clients. A reader
# counts only when the User-Agent looks like a browser's.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|scrape|fetch|preview|monitor|checker|archiver|"
    r"facebookexternalhit|embedly|quora link|whatsapp|telegram|skype|"
    r"headless|phantomjs|lighthouse|pingdom|uptime|"
    r"curl|wget|httpie|python-|python/|aiohttp|httpx|go-http-client|java/|"
    r"okhttp|libwww|node-fetch|axios|ruby|php/|^$",
    re.IGNORECASE,
)


def request_is_countable(request: HttpRequest) -> bool:
    """Whether this request is a person reading, as opposed to a machine or a peek."""
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get(
        "Purpose", ""
    )
    if "prefetch" in purpose.lower() or "prerender" in purpose.lower():
        return False
    if request.headers.get("X-Moz", "").lower() == "prefetch":
        return False
    user_agent = request.headers.get("User-Agent", "").strip()
    return not BOT_PATTERN.search(user_agent)


def client_address(request: HttpRequest) -> str:
    """The reader's address, as seen by the outermost of our trusted proxies.

    Behind NEWSROOM_TRUSTED_PROXIES reverse proxies, REMOTE_ADDR is the nearest
    proxy and each proxy appends the address it saw to X-Forwarded-For: the
    entry that many places from the end is the one a trusted proxy wrote.
    Entries further left are whatever the client claimed, so they are ignored.
    """
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.headers.get("X-Forwarded-For", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
