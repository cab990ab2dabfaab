"""Which comments a discussion shows, and how they nest: plain values.

`shown_comments` reads only what a page may show of a comment (never the
email, address or browser); `thread` nests replies under their parents to
the discussion's depth; `reply_target` checks a reader's ?replytocom=.
Rendering them is comments.display's.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from .models import Comment


@dataclass(slots=True)
class ShownComment:
    """What a page shows of a comment: one row of `shown_comments`, no email.

    Plain values, not model instances: a discussion of fifty comments is read
    and threaded in a fraction of the time.
    """

    pk: int
    parent_id: int | None
    depth: int
    name: str
    website: str
    body_html: str
    status: str
    removed: bool
    created_at: object
    user_id: int | None
    # The writer's byline title when a logged-in staff member wrote it.
    byline_title: str | None

    @property
    def staff_title(self) -> str:
        """The title that marks a reply from the newsroom ("" for readers)."""
        return (self.byline_title or "Staff") if self.user_id else ""


SHOWN_FIELDS = (
    "pk",
    "parent_id",
    "depth",
    "name",
    "website",
    "body_html",
    "status",
    "removed",
    "created_at",
    "user_id",
    "user__contributor__byline_title",
)


@dataclass
class CommentNode:
    comment: ShownComment
    level: int
    can_reply: bool
    children: list["CommentNode"] = field(default_factory=list)


def shown_comments(condition: Q) -> list[ShownComment]:
    """Comments matching `condition`, oldest first, with what a reader may see.

    Only those columns are read: the email, address and browser are never
    even loaded for a reader's page, so nothing can print them.
    """
    rows = (
        Comment.objects.filter(condition)
        .order_by("created_at", "pk")
        .values_list(*SHOWN_FIELDS)
    )
    return [ShownComment(*row) for row in rows]


def thread(comments: list[ShownComment], *, max_level: int, is_open: bool):
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

    def node(comment: ShownComment, level: int) -> CommentNode:
        can_reply = (
            is_open
            and comment.status == Comment.Status.APPROVED
            and not comment.removed
            and comment.depth < max_level
        )
        return CommentNode(comment=comment, level=level, can_reply=can_reply)

    def descendants(comment: ShownComment) -> list[ShownComment]:
        found, stack, seen = [], list(replies[comment.pk]), {comment.pk}
        while stack:
            current = stack.pop()
            if current.pk in seen:
                continue
            seen.add(current.pk)
            found.append(current)
            stack.extend(replies[current.pk])
        return sorted(found, key=lambda c: (c.created_at, c.pk))

    def nest(siblings: list[ShownComment], level: int) -> list[CommentNode]:
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


def reply_target(raw, comments: list[ShownComment], max_level: int):
    """The approved comment a reader asked to reply to, or None for anything else."""
    try:
        wanted = int(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    comment = next((c for c in comments if c.pk == wanted), None)
    if (
        comment is None
        or comment.status != Comment.Status.APPROVED
        or comment.removed
        or comment.depth >= max_level
    ):
        return None
    return comment
