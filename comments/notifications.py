"""The emails about comments: to moderators when one is held, to writers when
comments on their articles are approved.

Each message is queued (core/mail.py): none is sent inside a request, and a
mail server that is down delays them, never loses them. Every link is on
NEWSROOM_SITE_URL. A commenter's address goes to moderators only.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsroom.siteurl import absolute_url

from .models import Comment, ModeratorMail

DIGEST_PERIODS = {
    ModeratorMail.Frequency.HOURLY: timedelta(hours=1),
    ModeratorMail.Frequency.DAILY: timedelta(days=1),
}

logger = logging.getLogger(__name__)

# The actions a moderation email links to: each opens a confirmation page in
# the admin (login, then a POST), so a mail scanner that follows links
# changes nothing.
EMAIL_ACTIONS = [
    (Comment.Status.APPROVED, "Approve"),
    (Comment.Status.SPAM, "Spam"),
    (Comment.Status.TRASH, "Trash"),
]
# How much of the comment a reply answers is quoted.
PARENT_EXCERPT = 200


def moderators() -> list:
    """Active staff allowed to moderate and to view comments, with an email address.

    Staff only, and only those who can open the admin link: the email carries
    the commenter's address, which only people allowed to view comments may see.
    """
    permission = Permission.objects.get(
        content_type__app_label="comments", codename="moderate_comment"
    )
    candidates = (
        get_user_model()
        .objects.select_related("moderator_mail")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission),
            is_active=True,
            is_staff=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [
        user
        for user in candidates
        if user.has_perm("comments.moderate_comment")
        and user.has_perm("comments.view_comment")
    ]


def _send_each(messages: Iterable[EmailMessage]) -> int:
    messages = list(messages)
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        # The comment is stored already: a queue that cannot take the
        # message must not undo it; moderators still see it in the queue.
        logger.exception("Could not queue %d comment notification(s)", len(messages))
        return 0


def action_url(comment: Comment, status: str) -> str:
    """The admin's confirmation page for moving `comment` to `status`."""
    address = reverse("admin:comments_comment_moderate", args=[comment.pk])
    return absolute_url(f"{address}?{urlencode({'status': status})}")


def excerpt(text: str, limit: int = PARENT_EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def moderation_text(comment: Comment) -> str:
    """What a moderator needs to decide, and the links to do it."""
    article = comment.article
    lines = [
        f"Article: {article.title}",
        f"Author: {comment.name} <{comment.email}>",
        f"Website: {comment.website or '-'}",
        f"Held because: {comment.reason or '-'}",
    ]
    if comment.parent_id:
        parent = comment.parent
        lines += ["", f"In reply to {parent.name}:", f"> {excerpt(parent.body)}"]
    lines += ["", comment.body, ""]
    lines += [
        f"{verb}: {action_url(comment, status)}" for status, verb in EMAIL_ACTIONS
    ]
    lines.append(f"Edit or reply: {absolute_url(comment.get_admin_url())}")
    return "\n".join(lines)


def frequency(user) -> str:
    """How `user` wants to hear of held comments (each one unless they chose)."""
    chosen = getattr(user, "moderator_mail", None)
    return chosen.frequency if chosen else ModeratorMail.Frequency.EACH


def notify_moderators(*, comment: Comment) -> int:
    """One email per moderator who wants one for each held comment, addressed
    to them alone; the others get it in their digest."""
    kind = "Reply" if comment.parent_id else "Comment"
    subject = f"{kind} waiting for moderation: {comment.article.title}"
    body = (
        f"A {kind.lower()} on “{comment.article.title}” is waiting for "
        f"moderation.\n\n{moderation_text(comment)}\n"
    )
    return _send_each(
        EmailMessage(subject=subject, body=body, to=[user.email])
        for user in moderators()
        if frequency(user) == ModeratorMail.Frequency.EACH
    )


def send_digests(wanted: str, *, now=None) -> int:
    """A digest to each moderator who chose `wanted` (hourly or daily): the
    comments held since their last one, oldest first; none when there are
    none. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for user in moderators():
        if frequency(user) != wanted:
            continue
        mail, _ = ModeratorMail.objects.get_or_create(user=user)
        since = mail.digest_until or now - DIGEST_PERIODS[wanted]
        held = list(
            Comment.objects.pending()
            .filter(created_at__gt=since, created_at__lte=now)
            .select_related("article", "parent")
            .order_by("created_at", "pk")
        )
        mail.digest_until = now
        mail.save(update_fields=["digest_until"])
        if not held:
            continue
        count = len(held)
        subject = f"{count} comment{'s' if count != 1 else ''} waiting for moderation"
        body = "\n\n----\n\n".join(moderation_text(comment) for comment in held)
        sent += _send_each([EmailMessage(subject=subject, body=body, to=[user.email])])
    return sent


def notify_contributor(*, comments: Iterable[Comment]) -> int:
    """Tell each article's writer about its newly approved comments: one email
    per article, listing them all (a bulk approval of ten is one message).

    The commenters' emails are not included: the writer is not a moderator.
    """
    by_article = defaultdict(list)
    for comment in comments:
        profile = comment.article.contributor
        writer = profile.user if profile.user_id else None
        if writer is None or not writer.email or not writer.is_active:
            continue
        if comment.user_id and comment.user_id == writer.pk:
            continue  # their own reply
        by_article[comment.article_id].append(comment)
    messages = []
    for approved in by_article.values():
        article = approved[0].article
        approved.sort(key=lambda c: (c.created_at, c.pk))
        count = len(approved)
        subject = (
            f"New comment on “{article.title}”"
            if count == 1
            else f"{count} new comments on “{article.title}”"
        )
        parts = [
            f"{comment.name} commented on your article “{article.title}”:\n\n"
            f"{comment.body}\n\nRead it: {absolute_url(comment.get_absolute_url())}\n"
            for comment in approved
        ]
        messages.append(
            EmailMessage(
                subject=subject,
                body="\n".join(parts),
                to=[article.contributor.user.email],
            )
        )
    return _send_each(messages)
