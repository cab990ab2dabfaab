"""Writes that take more than one step: publishing, counting views, search text."""

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from newsroom import pagecache

from .models import ArchiveMonth, Article
from .search import clean_text, plain_text

logger = logging.getLogger(__name__)


def _reader_key(*, article_id: int, address: str, user_agent: str) -> str:
    # A keyed hash of address and browser: it identifies a reader for the
    # de-duplication window without storing the IP address anywhere.
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{address}\n{user_agent}".encode(),
        hashlib.sha256,
    ).hexdigest()[:32]
    return f"article-view:{article_id}:{digest}"


def article_record_view(*, article_id: int, address: str, user_agent: str) -> bool:
    """Count one reader view of a published article known by its id.

    At most once per reader (`address` and `user_agent`) per
    NEWSROOM_VIEW_WINDOW_SECONDS, and never for an unpublished article. Who
    is a reader (not a bot, a prefetch or staff) is the caller's to decide.

    The increment is a single UPDATE of a published article, so concurrent
    views in any number of processes lose nothing, and nothing else counts.
    """
    key = _reader_key(article_id=article_id, address=address, user_agent=user_agent)
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
    changed = articles.unpublished().update(
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


# Rows read and written at a time when refreshing search text.
BATCH_SIZE = 500


def article_refresh_search_text(*, articles: QuerySet[Article]) -> int:
    """Rewrite what search reads for `articles`; return how many rows changed.

    Called after every write that changes an article's body, tags or byline
    (articles.receivers), and for every article of a tag or contributor
    that was renamed or of a tag deleted.
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
