"""The discussion rules: whether an article takes comments, and what a new one becomes.

Rejections (flood, duplicate, closed) raise ValidationError with the message the
reader sees; nothing is stored. Everything else is a decision about status:
approved, held for a moderator with a reason, or spam (silently).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape, urlize

from .models import Comment, DiscussionSettings

DUPLICATE_MESSAGE = (
    "Duplicate comment detected; it looks as though you've already said that!"
)
FLOOD_MESSAGE = (
    "You are posting comments too quickly. Please wait a moment and try again."
)
CLOSED_MESSAGE = "Comments are closed on this article."


def comments_open(article, discussion: DiscussionSettings | None = None) -> bool:
    """Whether `article` accepts new comments now."""
    discussion = discussion or DiscussionSettings.load()
    if not article.allow_comments or not article.is_visible:
        return False
    if discussion.close_after_days:
        age = timezone.now() - article.published_at
        if age >= timedelta(days=discussion.close_after_days):
            return False
    return True


def check_open(article, discussion: DiscussionSettings) -> None:
    if not comments_open(article, discussion):
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def check_flood(
    *, ip_address: str | None, email: str, discussion: DiscussionSettings
) -> None:
    """Refuse a second comment from one address or email within the interval."""
    if not discussion.flood_seconds:
        return
    since = timezone.now() - timedelta(seconds=discussion.flood_seconds)
    recent = Comment.objects.filter(created_at__gte=since)
    same_sender = recent.filter(email__iexact=email)
    if ip_address:
        same_sender = same_sender | recent.filter(ip_address=ip_address)
    if same_sender.exists():
        raise ValidationError(FLOOD_MESSAGE, code="flood")


def check_duplicate(*, article, email: str, body: str) -> None:
    duplicate = Comment.objects.filter(
        article=article, email__iexact=email, body=body.strip()
    ).exclude(status=Comment.Status.TRASH)
    if duplicate.exists():
        raise ValidationError(DUPLICATE_MESSAGE, code="duplicate")


def _word_pattern(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile("|".join(_whole(word) for word in words), re.IGNORECASE)


def _whole(word: str) -> str:
    """A pattern for `word` as a whole word: "ass" must not catch "class".

    The guards apply only at ends that are word characters, so that entries
    such as "@spamdomain.com" or ".ru" still match inside an address; runs of
    spaces in a phrase match any run of white space.
    """
    body = r"\s+".join(re.escape(part) for part in word.split())
    start = r"(?<!\w)" if re.match(r"\w", word) else ""
    end = r"(?!\w)" if re.search(r"\w$", word) else ""
    return f"{start}(?:{body}){end}"


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str = ""


def classify(
    *,
    name: str,
    email: str,
    website: str,
    body: str,
    honeypot_filled: bool,
    discussion: DiscussionSettings,
) -> Decision:
    """The status a new reader comment gets, and why.

    Long, and kept whole (a reason): the rules are tried in the order they apply,
    the first that matches decides, and that order is the point.
    """
    if honeypot_filled:
        return Decision(Comment.Status.SPAM, "Filled in the hidden honeypot field.")
    spam = _word_pattern(discussion.spam_word_list)
    if spam:
        for field, value in (
            ("name", name),
            ("email", email),
            ("website", website),
            ("text", body),
        ):
            if match := spam.search(value):
                return Decision(
                    Comment.Status.SPAM,
                    f"Spam word “{match.group(0)}” in the {field}.",
                )
    # Count what the page will show as links: urlize also links bare domains.
    links = urlize(escape(body)).count('<a href="http') + (1 if website else 0)
    if links >= discussion.hold_link_count:
        return Decision(Comment.Status.PENDING, f"Contains {links} links.")
    hold = _word_pattern(discussion.hold_word_list)
    if hold:
        for value in (name, email, website, body):
            if match := hold.search(value):
                return Decision(
                    Comment.Status.PENDING,
                    f"Contains the held word “{match.group(0)}”.",
                )
    if discussion.hold_all:
        return Decision(Comment.Status.PENDING, "Every comment is held for moderation.")
    if discussion.approve_known_authors:
        # Name and email together, as WordPress does: an email alone would let
        # anyone post as someone else, and tell who has commented before.
        known = (
            Comment.objects.approved()
            .filter(email__iexact=email, name__iexact=name)
            .exists()
        )
        if not known:
            return Decision(
                Comment.Status.PENDING, "First comment from this name and email."
            )
    return Decision(Comment.Status.APPROVED)
