"""Writes on comments: submitting, moderating, notifying, and personal-data requests.

Views, the admin and management commands call these; models stay about data.
"""

import ipaddress
import logging
from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from newsroom import pagecache

from . import rules
from .models import Comment, DiscussionSettings
from .notifications import notify_contributor, notify_moderators
from .subscriptions import notify_subscribers, unsubscribe_everything

logger = logging.getLogger(__name__)

REMOVED_TEXT = "This comment was removed."
ANONYMOUS_NAME = "Anonymous"
# The history entry of an erased comment, ending "." or " and text.".
ERASED_MESSAGE = "Erased the author's personal data"


def staff_display_name(user) -> str:
    """The name staff reply under: first and last name, else byline, else username.

    Never a placeholder such as "Staff": the thread already marks staff replies
    with their title, and "Staff [Staff]" names nobody.
    """
    profile = getattr(user, "contributor", None)
    name = (
        user.get_full_name().strip()
        or (profile.name.strip() if profile is not None else "")
        or user.get_username()
    )
    return name[: Comment._meta.get_field("name").max_length]


def comment_submit(
    *,
    article,
    name: str,
    email: str,
    website: str,
    body: str,
    parent: Comment | None = None,
    ip_address: str | None,
    user_agent: str,
    user=None,
    honeypot_filled: bool = False,
) -> Comment:
    """Store a new comment with the status the rules give it, and notify.

    The caller (the comment form) has already validated the fields, the parent,
    the timing token, flood and duplicates. Staff who are logged in write under
    their own name, and their comments are approved at once. Links in the
    notifications are on NEWSROOM_SITE_URL.

    Long, and kept whole (a reason): the checks and the write happen in one
    transaction, in an order that matters (flood and duplicate checks under the
    lock).
    """
    discussion = DiscussionSettings.load()
    if user is not None and user.is_authenticated and user.is_staff:
        decision = rules.Decision(Comment.Status.APPROVED)
        name = staff_display_name(user)
        email = user.email
    else:
        user = None
        decision = rules.classify(
            name=name,
            email=email,
            website=website,
            body=body,
            honeypot_filled=honeypot_filled,
            discussion=discussion,
        )
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            depth=parent.depth + 1 if parent else 1,
            name=name,
            email=email,
            website=website,
            body=body.strip(),
            status=decision.status,
            reason=decision.reason[: Comment._meta.get_field("reason").max_length],
            ip_address=ip_address,
            user_agent=user_agent[:500],
            user=user,
        )
        if comment.status == Comment.Status.PENDING and discussion.notify_moderators:
            transaction.on_commit(
                lambda: notify_moderators(comment=comment),
                robust=True,
            )
        if comment.status == Comment.Status.APPROVED and discussion.notify_contributor:
            transaction.on_commit(
                lambda: notify_contributor(comments=[comment]),
                robust=True,
            )
        if comment.status == Comment.Status.APPROVED:
            transaction.on_commit(
                lambda: notify_subscribers(comments=[comment]), robust=True
            )
    return comment


def comment_moderate(*, comments: QuerySet[Comment], status: str, moderator) -> int:
    """Move comments to `status`, recording who and when; return how many changed."""
    if status not in Comment.Status.values:
        raise ValueError(f"Unknown comment status {status!r}.")
    with transaction.atomic():
        changing = list(
            comments.exclude(status=status).select_related("article__contributor__user")
        )
        if not changing:
            return 0
        Comment.objects.filter(pk__in=[c.pk for c in changing]).update(
            status=status, moderated_by=moderator, moderated_at=timezone.now()
        )
        pagecache.invalidate_on_commit()
        if status == Comment.Status.APPROVED:
            for comment in changing:
                comment.status = status
            transaction.on_commit(
                lambda: notify_subscribers(comments=changing), robust=True
            )
            if DiscussionSettings.load().notify_contributor:
                transaction.on_commit(
                    lambda: notify_contributor(comments=changing),
                    robust=True,
                )
    return len(changing)


# Personal data ----------------------------------------------------------------


def comments_by_email(email: str) -> QuerySet[Comment]:
    """The comments written with `email`, in any case; none for a blank email.

    Erased comments and some staff replies have no email: a blank address must
    not select them all.
    """
    email = email.strip()
    if not email:
        return Comment.objects.none()
    return Comment.objects.filter(email__iexact=email).select_related("article")


def comment_export(*, email: str) -> list[dict]:
    """Everything stored about the comments written with `email`."""
    return [
        {
            "id": comment.pk,
            "article": comment.article.title,
            "article_url": comment.article.get_absolute_url(),
            "in_reply_to": comment.parent_id,
            "name": comment.name,
            "email": comment.email,
            "website": comment.website,
            "comment": comment.body,
            "status": comment.status,
            "created_at": comment.created_at.isoformat(),
            "ip_address": comment.ip_address,
            "user_agent": comment.user_agent,
        }
        for comment in comments_by_email(email).order_by("created_at", "pk")
    ]


def comment_erase(*, email: str, actor, delete_text: bool = False) -> int:
    """Remove the personal data of the comments written with `email`; return how many.

    With delete_text, their text goes too. The rows stay, so replies keep their
    place in the thread. Each erased comment's history (the admin's LogEntry)
    records that `actor`, a user, erased it: the admin action and the
    `comments_erase` command leave the same record.
    """
    fields = {
        "name": ANONYMOUS_NAME,
        "email": "",
        "website": "",
        "ip_address": None,
        "user_agent": "",
        # A staff reply's link to its author would name them again.
        "user": None,
    }
    if delete_text:
        fields |= {"body": REMOVED_TEXT, "body_html": "", "removed": True}
    with transaction.atomic():
        # By id: the history then names exactly the comments that were erased,
        # and no longer matches them by an address they have lost.
        ids = list(comments_by_email(email).values_list("pk", flat=True))
        # The address's wishes to hear from us go with it.
        unsubscribe_everything(email)
        erased = Comment.objects.filter(pk__in=ids).update(**fields)
        if not erased:
            return 0
        # Names and text shown under articles changed.
        pagecache.invalidate_on_commit()
        # Written after the erasure, so that the log keeps no name either.
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=Comment.objects.filter(pk__in=ids).select_related("article"),
            action_flag=CHANGE,
            change_message=ERASED_MESSAGE + (" and text." if delete_text else "."),
        )
    return erased


def _anonymized(address: str) -> str:
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    return str(
        ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address
    )


def comment_anonymize_ips(*, older_than_days: int) -> int:
    """Zero the host part of IP addresses stored more than N days ago.

    IPv4 keeps its first three bytes (/24), IPv6 its first 48 bits. Returns how
    many comments changed; running it again changes nothing.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = Comment.objects.filter(created_at__lt=cutoff, ip_address__isnull=False)
    changed = 0
    with transaction.atomic():
        # order_by(): the default ordering would put created_at and id in the
        # SELECT DISTINCT and return one row per comment, not per address.
        addresses = old.order_by().values_list("ip_address", flat=True).distinct()
        for address in addresses:
            anonymized = _anonymized(address)
            if anonymized != address:
                changed += old.filter(ip_address=address).update(ip_address=anonymized)
    return changed


# Staff replies from the moderation queue --------------------------------------


def comment_staff_reply(
    *, parent: Comment, body: str, author, user_agent: str = ""
) -> Comment:
    """Publish `author`'s reply to `parent` at once, and approve `parent`.

    The reply goes through `comment_submit` as a logged-in staff member's does
    on the article page (approved, under `staff_display_name`, notifications
    and all); answering a comment publishes it, as in WordPress. Both or
    neither. The caller has checked that `parent` may be answered.
    """
    with transaction.atomic():
        comment_moderate(
            comments=Comment.objects.filter(pk=parent.pk),
            status=Comment.Status.APPROVED,
            moderator=author,
        )
        parent.refresh_from_db(fields=["status", "moderated_by", "moderated_at"])
        return comment_submit(
            article=parent.article,
            name="",
            email="",
            website="",
            body=body,
            parent=parent,
            ip_address=None,
            user_agent=user_agent,
            user=author,
        )
