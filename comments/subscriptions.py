"""Commenters kept in the loop: their comment approved, replies in their threads.

Under the form a commenter may tick "Tell me when my comment is approved" and
"Notify me of follow-up comments by email". `subscribe` records each wish
unconfirmed and sends one email with a confirmation link; until it is
followed, nothing else goes to that address. Links are signed
(django.core.signing): they cannot be guessed, a confirmation link expires,
and following one twice changes nothing the second time.

Every email to a commenter says how to stop: for that article, or for
everything, in its text and in `List-Unsubscribe` headers that mail programs
act on with one click (RFC 8058: a POST, which the view takes without CSRF,
the signed address being the proof).
"""

from datetime import timedelta

from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone

from newsroom.siteurl import absolute_url

from .models import Comment, Subscription

CONFIRM_SALT = "comments.subscriptions.confirm"
UNSUBSCRIBE_SALT = "comments.subscriptions.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)


class BadLink(Exception):
    """A confirmation or unsubscribe link that is forged, damaged or expired."""


# Links -------------------------------------------------------------------------


# Tokens name rows by key, never the address: a link is readable, only its
# signature is secret.


def confirm_url(comment: Comment) -> str:
    token = signing.dumps({"c": comment.pk}, salt=CONFIRM_SALT)
    return absolute_url(reverse("comments:subscription-confirm", args=[token]))


def unsubscribe_url(subscription: Subscription, article_id: int | None) -> str:
    """Stop the emails about one article, or (None) every email to the
    subscription's address."""
    token = signing.dumps(
        # The comment, which outlives the subscriptions: "everything" still
        # works after "this article" has removed the one it was sent for.
        {"c": subscription.comment_id, "a": article_id},
        salt=UNSUBSCRIBE_SALT,
    )
    return absolute_url(reverse("comments:unsubscribe", args=[token]))


def _load(token: str, salt: str, max_age=None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(
            "This confirmation link has expired. Tick the box again the next "
            "time you comment, and follow the new link within a week."
        ) from None
    except signing.BadSignature:
        raise BadLink(
            "This link is not one we sent, or it was cut short. Copy the whole "
            "link from the email into your browser."
        ) from None
    if not isinstance(data, dict):
        raise BadLink("This link is not one we sent.")
    return data


def check_confirm_token(token: str) -> None:
    _load(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def check_unsubscribe_token(token: str) -> None:
    _load(token, UNSUBSCRIBE_SALT)


# Writes ------------------------------------------------------------------------


def subscribe(*, comment: Comment, approval: bool, replies: bool) -> int:
    """Record the commenter's wishes, unconfirmed, and email the link; return how
    many were recorded."""
    kinds = [
        kind
        for kind, wanted in (
            (Subscription.Kind.APPROVAL, approval and comment.status != "approved"),
            (Subscription.Kind.REPLIES, replies),
        )
        if wanted
    ]
    if not kinds or not comment.email:
        return 0
    made = [
        Subscription.objects.get_or_create(
            comment=comment,
            kind=kind,
            defaults={"email": comment.email.lower(), "article": comment.article},
        )[0]
        for kind in kinds
    ]
    wishes = "\n".join(f"- {Subscription.Kind(kind).label}" for kind in kinds)
    _send(
        made[0],
        subject=f"Confirm your email for comments on “{comment.article.title}”",
        body=(
            f"You asked to hear from us about your comment on "
            f"“{comment.article.title}”:\n{wishes}\n\n"
            f"Confirm it's you: {confirm_url(comment)}\n\n"
            "If it wasn't you, ignore this email: nothing more will be sent."
        ),
        article_id=None,
    )
    return len(kinds)


def confirm(token: str) -> Comment:
    """Confirm the subscriptions a confirmation link names; the comment."""
    data = _load(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    comment = Comment.objects.filter(pk=data.get("c")).first()
    if comment is None:
        raise BadLink("The comment this link was for is no longer here.")
    Subscription.objects.filter(comment=comment, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    return comment


def unsubscribe(token: str) -> int:
    """Drop what an unsubscribe link names; how many subscriptions went."""
    data = _load(token, UNSUBSCRIBE_SALT)
    email = (
        Comment.objects.filter(pk=data.get("c")).values_list("email", flat=True).first()
    )
    if not email:
        return 0  # the comment, or its address, is gone: so are its subscriptions
    subscriptions = Subscription.objects.filter(email__iexact=email)
    if data.get("a") is not None:
        subscriptions = subscriptions.filter(article_id=data["a"])
    deleted, _ = subscriptions.delete()
    return deleted


def unsubscribe_everything(email: str) -> int:
    deleted, _ = Subscription.objects.filter(email__iexact=email.strip()).delete()
    return deleted


# Emails ------------------------------------------------------------------------


def notify_subscribers(*, comments) -> int:
    """For newly approved comments: tell their authors (if they asked) and the
    authors of the comments they answer (if they follow their threads)."""
    sent = 0
    for comment in comments:
        sent += _approved(comment) + _replied(comment)
    return sent


def _approved(comment: Comment) -> int:
    wanted = Subscription.objects.filter(
        comment=comment,
        kind=Subscription.Kind.APPROVAL,
        confirmed_at__isnull=False,
    ).first()
    if wanted is None:
        return 0
    title = comment.article.title
    return _send(
        wanted,
        subject=f"Your comment on “{title}” is published",
        body=(
            f"Your comment on “{title}” is now published:\n\n{comment.body}\n\n"
            f"See it: {absolute_url(comment.get_absolute_url())}"
        ),
        article_id=comment.article_id,
    )


def _replied(comment: Comment) -> int:
    """The reply's news to each follower of the thread above it, once each."""
    ancestors, parent_id = [], comment.parent_id
    while parent_id is not None and len(ancestors) < 50:
        ancestors.append(parent_id)
        parent_id = (
            Comment.objects.filter(pk=parent_id)
            .values_list("parent_id", flat=True)
            .first()
        )
    if not ancestors:
        return 0
    followers = {}
    for subscription in Subscription.objects.filter(
        comment_id__in=ancestors,
        kind=Subscription.Kind.REPLIES,
        confirmed_at__isnull=False,
    ).order_by("pk"):
        followers.setdefault(subscription.email.lower(), subscription)
    followers.pop((comment.email or "").lower(), None)  # their own reply
    title = comment.article.title
    for subscription in followers.values():
        _send(
            subscription,
            subject=f"{comment.name} replied on “{title}”",
            body=(
                f"{comment.name} replied in a discussion you follow on "
                f"“{title}”:\n\n{comment.body}\n\n"
                f"Read it: {absolute_url(comment.get_absolute_url())}"
            ),
            article_id=comment.article_id,
        )
    return len(followers)


def _send(
    subscription: Subscription, *, subject: str, body: str, article_id: int | None
) -> int:
    """One email to one commenter, with its ways to stop."""
    everything = unsubscribe_url(subscription, None)
    footer = []
    headers = {"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    if article_id is not None:
        this_article = unsubscribe_url(subscription, article_id)
        footer.append(f"Stop emails about this article: {this_article}")
        headers["List-Unsubscribe"] = f"<{this_article}>"
    else:
        headers["List-Unsubscribe"] = f"<{everything}>"
    footer.append(f"Stop all emails from us: {everything}")
    message = EmailMessage(
        subject=subject,
        body=body + "\n\n-- \n" + "\n".join(footer) + "\n",
        to=[subscription.email],
        headers=headers,
    )
    return get_connection().send_messages([message]) or 0
