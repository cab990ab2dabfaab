"""What one row of the moderation queue shows: the whole comment, and its actions.

Every row carries the actions that suit its status (Approve, Reply, Edit, Spam,
Trash; Restore or Not spam in the trash and spam). Each is a link that works
without JavaScript: a moderation link opens a confirmation page that posts to
`<id>/moderate/`, the reply link a page with a reply form. With JavaScript
(static/js/moderation.js) the same links act in place through the JSON
endpoints in `quick.py`, and show or hide themselves as the status changes, by
the statuses each one names in `data-when`.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator

from comments.models import Comment

Status = Comment.Status

# Folded behind "more" past this many characters: a queue of long comments
# stays scannable, and a moderator still reads every word on the list.
FOLD_AFTER = 400
FOLD_AT = 300
PARENT_EXCERPT = 160


@dataclass(frozen=True)
class RowAction:
    key: str
    label: str
    when: tuple[str, ...]
    # The status it moves the comment to; None for Reply and Edit.
    status: str | None = None


ROW_ACTIONS = [
    RowAction("approve", "Approve", (Status.PENDING,), Status.APPROVED),
    RowAction("unapprove", "Unapprove", (Status.APPROVED,), Status.PENDING),
    RowAction("not-spam", "Not spam", (Status.SPAM,), Status.PENDING),
    RowAction("restore", "Restore", (Status.TRASH,), Status.PENDING),
    RowAction("reply", "Reply", (Status.PENDING, Status.APPROVED)),
    RowAction("edit", "Edit", tuple(Status.values)),
    RowAction(
        "spam", "Spam", (Status.PENDING, Status.APPROVED, Status.TRASH), Status.SPAM
    ),
    RowAction(
        "trash", "Trash", (Status.PENDING, Status.APPROVED, Status.SPAM), Status.TRASH
    ),
]


def admin_url(name: str, comment: Comment) -> str:
    return reverse(f"admin:comments_comment_{name}", args=[comment.pk])


def fold(text: str) -> tuple[str, str]:
    """Split a long text at a space near FOLD_AT: (shown, folded); short ones whole."""
    if len(text) <= FOLD_AFTER:
        return text, ""
    cut = text.rfind(" ", 0, FOLD_AT)
    cut = cut if cut > FOLD_AT // 2 else FOLD_AT
    return text[:cut].rstrip(), text[cut:].lstrip()


def parent_excerpt(parent: Comment) -> str:
    """The first line or two of the comment answered, shortened."""
    lines = [line.strip() for line in parent.body.splitlines() if line.strip()]
    return Truncator(" ".join(lines[:2])).chars(PARENT_EXCERPT)


def row_actions(comment: Comment) -> list[dict]:
    """The row's action links; those that do not suit its status are hidden."""
    preserved = getattr(comment, "preserved_filters", "")
    if not getattr(comment, "may_moderate", False):
        edit = admin_url("change", comment) + (f"?{preserved}" if preserved else "")
        return [{"key": "edit", "label": "View", "url": edit, "when": "", "hidden": 0}]
    links = []
    for action in ROW_ACTIONS:
        if action.key == "reply" and not getattr(comment, "can_reply", False):
            continue
        if action.status is not None:
            query = urlencode({"status": action.status})
            url = f"{admin_url('moderate', comment)}?{query}"
            url += f"&{preserved}" if preserved else ""
        else:
            url = admin_url(action.key if action.key == "reply" else "change", comment)
            url += f"?{preserved}" if preserved else ""
        links.append(
            {
                "key": action.key,
                "label": action.label,
                "url": url,
                "status": action.status or "",
                "when": " ".join(action.when),
                "hidden": comment.status not in action.when,
            }
        )
    return links


def render_comment_cell(comment: Comment) -> str:
    shown, folded = fold(comment.body)
    return render_to_string(
        "admin/comments/comment/queue_comment.html",
        {
            "comment": comment,
            "shown": shown,
            "folded": folded,
            "parent": comment.parent,
            "parent_excerpt": parent_excerpt(comment.parent) if comment.parent else "",
            "actions": row_actions(comment),
            "may_moderate": getattr(comment, "may_moderate", False),
            "status_url": admin_url("set_status", comment),
            "reply_url": admin_url("reply", comment),
        },
    )
