"""Seed the demo's reader comments (demo/content/comments.json).

The readers are fictional; their email addresses are on the reserved example
domains (example.com, example.net, example.org) and their IP addresses in the
ranges set aside for documentation, so a demo site holds no real person's data.

The comments cover every status a moderator meets (approved, pending, spam and
trash), threads three levels deep, readers with websites, and replies from the
article's own contributor. Each comment is keyed by its article and its text:
one that exists is never touched, so running the seed again changes nothing.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from comments.services import staff_display_name
from demo.loader import STAFF, Remark, load_discussions


def seed_demo_comments(*, articles: Iterable) -> int:
    """Add the demo comments to those of `articles` they belong to.

    Articles are matched by slug; a demo article that is missing gets none.
    Returns how many comments were created. Also makes sure the discussion
    settings row exists, so the admin can open it.
    """
    threads = load_discussions().threads
    by_slug = {
        article.slug: article
        for article in articles
        if article.slug in threads and article.published_at is not None
    }
    created = 0
    with transaction.atomic():
        # Not DiscussionSettings.load(): a cached row may be one that a rolled
        # back transaction never stored.
        DiscussionSettings.objects.get_or_create(pk=1)
        for slug, remarks in threads.items():
            article = by_slug.get(slug)
            if article is None:
                continue
            existing = {(c.parent_id, c.body): c for c in article.comments.all()}
            for item in remarks:
                created += _seed_remark(item, article, None, existing)
    return created


def _seed_remark(item: Remark, article, parent: Comment | None, existing) -> int:
    key = (parent.pk if parent else None, item.body)
    comment = existing.get(key)
    created = 0
    if comment is None:
        comment = _create(item, article, parent)
        created = 1
    for reply in item.replies:
        created += _seed_remark(reply, article, comment, existing)
    return created


def _create(item: Remark, article, parent: Comment | None) -> Comment:
    # Never in the future, even on an article whose time was edited by hand.
    latest = timezone.now() - timedelta(minutes=5)
    written = min(article.published_at + timedelta(hours=item.hours), latest)
    if parent is not None:
        written = max(written, parent.created_at)
    fields = {
        "article": article,
        "parent": parent,
        "depth": parent.depth + 1 if parent else 1,
        "body": item.body,
        "status": item.status,
    }
    fields |= _writer_fields(item, article)
    comment = Comment.objects.create(**fields)
    # created_at is set on insert (auto_now_add): backdate it afterwards.
    moderated_at = None
    if item.status != Comment.Status.PENDING and item.by != STAFF:
        moderated_at = min(written + timedelta(minutes=40), latest)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=written, moderated_at=moderated_at
    )
    comment.created_at, comment.moderated_at = written, moderated_at
    return comment


def _writer_fields(item: Remark, article) -> dict:
    if item.by == STAFF:
        # Staff replies are approved at once, as comment_submit does.
        writer = article.contributor.user
        return {
            "name": staff_display_name(writer) if writer else article.contributor.name,
            "email": writer.email if writer else "",
            "user": writer,
            "website": "",
        }
    reader = load_discussions().readers[item.by]
    return {
        "name": reader.name,
        "email": reader.email,
        "website": reader.website,
        "ip_address": reader.ip_address,
        "user_agent": reader.user_agent,
        "reason": item.reason,
    }
