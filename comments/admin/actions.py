"""The bulk moderation actions: approve, spam, trash, back to pending.

Every status change goes through `services.comment_moderate`, which records who
moderated and when, and sends the notifications.
"""

from django.contrib import admin, messages
from django.utils.translation import ngettext

from comments.models import Comment
from comments.services import comment_moderate

# What each moderation does, in the words of the action menu, the buttons and
# the message afterwards.
MODERATIONS = {
    Comment.Status.APPROVED: ("Approve", "approved"),
    Comment.Status.SPAM: ("Mark as spam", "marked as spam"),
    Comment.Status.TRASH: ("Move to trash", "moved to trash"),
    Comment.Status.PENDING: ("Restore to pending", "restored to pending"),
}


class ModerationActions:
    """Admin actions that move the selected comments to another status."""

    def _moderate(self, request, queryset, status):
        changed = comment_moderate(
            comments=queryset,
            status=status,
            moderator=request.user,
        )
        done = MODERATIONS[status][1]
        if not changed:
            self.message_user(
                request,
                f"Nothing changed: the selected comments were already {done}.",
                messages.WARNING,
            )
            return
        message = ngettext(
            "%(n)d comment %(done)s.", "%(n)d comments %(done)s.", changed
        )
        self.message_user(
            request, message % {"n": changed, "done": done}, messages.SUCCESS
        )

    @admin.action(description="Approve", permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.APPROVED)

    @admin.action(description="Mark as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.SPAM)

    @admin.action(description="Move to trash", permissions=["moderate"])
    def move_to_trash(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.TRASH)

    @admin.action(description="Restore to pending", permissions=["moderate"])
    def restore_to_pending(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.PENDING)
