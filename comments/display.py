"""What an article page shows of its discussion, built from one query.

The article page asks for a `CommentSection`: the visible comments threaded in
Python (so 1 and 200 comments cost the same single query), the count, whether
the article takes comments, and the form to show: a fresh one, one prefilled
from the reader's remembered details, or the bound form of a refused POST.
"""

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import HttpRequest

from . import cookies, rules
from .forms import CommentForm
from .models import Comment, DiscussionSettings
from .services import staff_display_name

AVATAR_COLOURS = 12
# Characters that reorder the text around them ("Trojan source" spoofing).
# Text in any script displays correctly without them.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
WORD_START = re.compile(r"\b\w", re.UNICODE)
SAFE_URL = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)


def without_bidi_controls(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


def initials(name: str) -> str:
    """Up to two letters for the avatar: first and last word ("Rita Reader": RR)."""
    starts = [m.group(0) for m in WORD_START.finditer(name) if m.group(0) != "_"]
    if not starts:
        return "?"
    letters = starts[0] if len(starts) == 1 else starts[0] + starts[-1]
    return letters.upper()


def avatar_colour(name: str) -> int:
    """A colour number from the NAME (never the email: its hash could be reversed)."""
    return zlib.crc32(name.strip().casefold().encode()) % AVATAR_COLOURS


def staff_title(comment: Comment) -> str:
    """The byline title that marks a reply from the newsroom."""
    profile = getattr(comment.user, "contributor", None)
    return (profile.byline_title if profile else "") or "Staff"


@dataclass
class CommentNode:
    comment: Comment
    level: int
    can_reply: bool
    children: list["CommentNode"] = field(default_factory=list)

    @property
    def awaiting_moderation(self) -> bool:
        return self.comment.status != Comment.Status.APPROVED

    @property
    def website(self) -> str:
        """The author's web address, if it is one a link may point to.

        The form only takes http and https; this guards against anything
        stored some other way (a script, the shell).
        """
        website = self.comment.website.strip()
        return website if SAFE_URL.match(website) else ""

    @property
    def initials(self) -> str:
        return initials(self.comment.name)

    @property
    def avatar_colour(self) -> int:
        return avatar_colour(self.comment.name)

    @property
    def staff_title(self) -> str:
        return staff_title(self.comment) if self.comment.user_id else ""


@dataclass
class CommentSection:
    article: object
    nodes: list[CommentNode]
    count: int
    is_open: bool
    form: CommentForm | None
    reply_to: Comment | None
    # The page shows something of this reader's own (their pending comment or
    # email address): it must not be stored by shared caches.
    personal: bool

    @property
    def staff_name(self) -> str:
        """The name a logged-in staff member writes under."""
        if self.form is None or not self.form.staff_author:
            return ""
        return staff_display_name(self.form.user)

    @property
    def closed_attempt(self) -> bool:
        """A refused POST to a closed article: show what the reader wrote."""
        return not self.is_open and self.form is not None and self.form.is_bound


def _visible_comments(article, request: HttpRequest) -> list[Comment]:
    shown = Q(status=Comment.Status.APPROVED)
    own = cookies.read_pending(request)
    if own:
        # Spam too: its author sees the usual notice and never learns otherwise.
        shown |= Q(pk__in=own, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
    return list(
        Comment.objects.filter(shown, article=article)
        .select_related("user__contributor")
        # Never even loaded for a reader's page: nothing can print them.
        .defer("email", "ip_address", "user_agent", "reason")
        .order_by("created_at", "pk")
    )


def _thread(comments: list[Comment], *, max_level: int, is_open: bool):
    """Nest replies under their parents, oldest first, at most `max_level` deep.

    A reply whose parent is not shown (trashed later, say) stands at the top
    level. Below the deepest level, replies follow their parent in time order.
    """
    ids = {comment.pk for comment in comments}
    replies = defaultdict(list)
    roots = []
    for comment in comments:
        if comment.parent_id in ids and comment.parent_id != comment.pk:
            replies[comment.parent_id].append(comment)
        else:
            roots.append(comment)

    def node(comment: Comment, level: int) -> CommentNode:
        can_reply = (
            is_open
            and comment.status == Comment.Status.APPROVED
            and not comment.removed
            and comment.depth < max_level
        )
        return CommentNode(comment=comment, level=level, can_reply=can_reply)

    def descendants(comment: Comment) -> list[Comment]:
        found, stack, seen = [], list(replies[comment.pk]), {comment.pk}
        while stack:
            current = stack.pop()
            if current.pk in seen:
                continue
            seen.add(current.pk)
            found.append(current)
            stack.extend(replies[current.pk])
        return sorted(found, key=lambda c: (c.created_at, c.pk))

    def nest(siblings: list[Comment], level: int) -> list[CommentNode]:
        nodes = []
        for comment in siblings:
            current = node(comment, level)
            nodes.append(current)
            if level < max_level:
                current.children = nest(replies[comment.pk], level + 1)
            else:
                nodes.extend(node(reply, level) for reply in descendants(comment))
        return nodes

    return nest(roots, 1)


def _reply_target(raw, comments: dict[int, Comment], max_level: int):
    """The approved comment a reader asked to reply to, or None for anything else."""
    try:
        comment = comments.get(int(raw))
    except (TypeError, ValueError, OverflowError):
        return None
    if (
        comment is None
        or comment.status != Comment.Status.APPROVED
        or comment.removed
        or comment.depth >= max_level
    ):
        return None
    return comment


def comment_section(request: HttpRequest, article) -> CommentSection:
    """Everything the article page shows of its discussion (one query)."""
    cached = getattr(request, "_comment_sections", {})
    if article.pk in cached:
        return cached[article.pk]
    discussion = DiscussionSettings.load()
    comments = _visible_comments(article, request)
    by_id = {comment.pk: comment for comment in comments}
    is_open = rules.comments_open(article, discussion)
    max_level = discussion.thread_depth

    form = getattr(request, "comment_form", None)
    if form is not None and form.article.pk != article.pk:
        form = None
    if form is not None:
        reply_to = _reply_target(form.data.get("parent"), by_id, max_level)
        # A refused form shows back whatever the reader typed.
        personal = True
    else:
        reply_to = _reply_target(request.GET.get("replytocom"), by_id, max_level)
        personal = False
        if is_open:
            initial = {"parent": reply_to.pk if reply_to else None}
            remembered = cookies.read_author(request)
            if remembered:
                initial |= remembered | {"remember": True}
                personal = True
            form = CommentForm(
                article=article,
                user=request.user,
                discussion=discussion,
                initial=initial,
            )
    if not is_open:
        reply_to = None

    approved = sum(1 for c in comments if c.status == Comment.Status.APPROVED)
    section = CommentSection(
        article=article,
        nodes=_thread(comments, max_level=max_level, is_open=is_open),
        count=approved,
        is_open=is_open,
        form=form,
        reply_to=reply_to,
        personal=personal or approved < len(comments),
    )
    request._comment_sections = {**cached, article.pk: section}
    # Read by comments.middleware: vary on cookies, and keep personal pages
    # out of shared caches.
    request.comments_shown = True
    request.comments_personal = getattr(request, "comments_personal", False) or (
        section.personal
    )
    return section
