"""The admin index's line about the moderation queue."""

from django import template
from django.urls import reverse

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("admin/comments/moderation_notice.html", takes_context=True)
def moderation_notice(context):
    """How many comments wait, with a link to the queue, for those who moderate."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.moderate_comment"):
        return {"show": False}
    if not user.has_perm("comments.view_comment") and not user.has_perm(
        "comments.change_comment"
    ):
        return {"show": False}  # the queue would refuse them
    return {
        "show": True,
        "waiting": Comment.objects.pending().count(),
        "queue_url": reverse("admin:comments_comment_changelist"),
    }
