"""Writes that take more than one step: publishing, counting views, search text."""

import hashlib
import hmac
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth
from django.http import HttpRequest
from django.utils import timezone

from newsroom import pagecache

from .models import ArchiveMonth, Article
from .search import clean_text, plain_text

logger = logging.getLogger(__name__)

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


def _reader_key(*, request: HttpRequest, article_id: int) -> str:
    # A keyed hash of address and browser: it identifies a reader for the
    # de-duplication window without storing the IP address anywhere.
    address = client_address(request)
    user_agent = request.headers.get("User-Agent", "")
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{address}\n{user_agent}".encode(),
        hashlib.sha256,
    ).hexdigest()[:32]
    return f"article-view:{article_id}:{digest}"


def article_record_view_by_id(*, article_id: int, request: HttpRequest) -> bool:
    """Count one reader view of a published article known by its id.

    At most once per reader per NEWSROOM_VIEW_WINDOW_SECONDS, never for bots,
    prefetches, HEAD requests or staff, and never for an unpublished article.

    The increment is a single UPDATE of a published article, so concurrent
    views in any number of processes lose nothing, and nothing else counts.
    """
    if not request_is_countable(request):
        return False
    if request.user.is_authenticated and request.user.is_staff:
        return False
    key = _reader_key(request=request, article_id=article_id)
    # A view count is worth less than the page: if the cache or the database
    # cannot take the write, the reader still gets the article.
    try:
        # A repeat view is the common case (reloads, back buttons): one read
        # answers it, where a refused add costs the database cache a count,
        # a transaction and a failed insert.
        if cache.get(key) is not None:
            return False
        # cache.add is atomic (SET NX on Redis): of two simultaneous requests
        # from one reader, exactly one wins the right to count.
        if not cache.add(key, 1, timeout=settings.NEWSROOM_VIEW_WINDOW_SECONDS):
            return False
    except Exception:
        logger.exception(
            "View of article %s not counted: cache unavailable", article_id
        )
        return False
    try:
        counted = (
            Article.objects.published()
            .filter(pk=article_id)
            .update(view_count=F("view_count") + 1)
        )
    except DatabaseError:
        logger.exception("View of article %s not counted: database error", article_id)
        return False
    return bool(counted)


def article_publish(*, articles: QuerySet[Article]) -> int:
    """Publish drafts and scheduled articles now; return how many changed.

    Articles already visible keep their original publication time.
    """
    now = timezone.now()
    pending = articles.exclude(status=Article.Status.PUBLISHED, published_at__lte=now)
    changed = pending.update(
        status=Article.Status.PUBLISHED, published_at=now, updated_at=now
    )
    if changed:
        pagecache.invalidate_on_commit()
        archive_refresh()
    return changed


def article_unpublish(*, articles: QuerySet[Article]) -> int:
    """Return published and scheduled articles to draft; return how many changed."""
    changed = articles.filter(status=Article.Status.PUBLISHED).update(
        status=Article.Status.DRAFT, updated_at=timezone.now()
    )
    if changed:
        pagecache.invalidate_on_commit()
        archive_refresh()
    return changed


def archive_refresh() -> int:
    """Count again each month's published articles; return how many rows changed.

    Reads every published article once (a write's cost, not a reader's), and
    writes only the months whose count changed. Scheduled articles count in
    their month already: the archive shows a month only once it has begun,
    and counts the current one live (articles.views.archive_months).
    """
    rows = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__isnull=False
        )
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["month"].date(): row["count"] for row in rows}
    with transaction.atomic():
        stored = dict(ArchiveMonth.objects.values_list("month", "count"))
        gone = [month for month in stored if month not in counts]
        changed = [
            ArchiveMonth(month=month, count=count)
            for month, count in counts.items()
            if stored.get(month) != count
        ]
        ArchiveMonth.objects.filter(month__in=gone).delete()
        ArchiveMonth.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["month"],
            update_fields=["count"],
        )
    return len(gone) + len(changed)


def archive_refresh_after_change(**kwargs) -> None:
    """`archive_refresh`, as a signal receiver: in the same transaction as the
    change, so that the counts and the articles are committed together."""
    archive_refresh()


# Rows read and written at a time when refreshing search text.
BATCH_SIZE = 500


def article_refresh_search_text(*, articles: QuerySet[Article]) -> int:
    """Rewrite what search reads for `articles`; return how many rows changed.

    Call it after an article's body, tags or byline change, and for every
    article of a tag or contributor that was renamed or of a tag deleted.
    Only rows whose text differs are written, so a call that changes nothing
    writes nothing (and SQLite's index triggers do not fire). Batches keep
    memory flat for a contributor with thousands of articles.
    """
    batch = []
    changed = 0
    rows = (
        articles.order_by()
        .select_related("contributor")
        .prefetch_related("tags")
        .only("body_html", "search_body", "search_keywords", "contributor__name")
    )
    for article in rows.iterator(chunk_size=BATCH_SIZE):
        body = plain_text(article.body_html)
        names = [tag.name for tag in article.tags.all()]
        keywords = clean_text(" ".join([*names, article.contributor.name]))
        if (article.search_body, article.search_keywords) == (body, keywords):
            continue
        article.search_body, article.search_keywords = body, keywords
        batch.append(article)
        if len(batch) == BATCH_SIZE:
            changed += _write_search_text(batch)
            batch = []
    return changed + _write_search_text(batch)


def _write_search_text(articles: list[Article]) -> int:
    # bulk_update leaves updated_at alone: the article itself did not change.
    if not articles:
        return 0
    Article.objects.bulk_update(articles, ["search_body", "search_keywords"])
    return len(articles)
