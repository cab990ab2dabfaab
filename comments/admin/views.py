"""A comment's own moderation buttons, and the admin URL they post to.

`<id>/moderate/` takes one Approve / Spam / Trash / Pending button from a
comment's page, then returns to the queue as the moderator left it.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse

from comments.models import Comment
from comments.services import comment_moderate

from .actions import MODERATIONS


class ModerationButtons:
    """The buttons on a comment's change page, and the view behind them."""

    def get_urls(self):
        moderate = path(
            "<path:object_id>/moderate/",
            self.admin_site.admin_view(self.moderate_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_moderate",
        )
        return [moderate, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["changelist_filters"] = request.GET.get("_changelist_filters", "")
        if self.has_moderate_permission(request):
            extra_context["moderation_buttons"] = [
                (status, verb) for status, (verb, _) in MODERATIONS.items()
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def moderate_view(self, request, object_id):
        """One comment's Approve / Spam / Trash / Pending button, then the queue."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (
            self.has_view_or_change_permission(request, comment)
            and self.has_moderate_permission(request)
        ):
            raise PermissionDenied
        status = request.POST.get("status")
        if status not in MODERATIONS:
            return HttpResponseBadRequest("Unknown comment status.")
        changed = comment_moderate(
            comments=Comment.objects.filter(pk=comment.pk),
            status=status,
            moderator=request.user,
        )
        if changed:
            self.message_user(
                request,
                f"The comment by {comment.name} was {MODERATIONS[status][1]}.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"Nothing changed: the comment by {comment.name} was already "
                f"{MODERATIONS[status][1]}.",
                messages.WARNING,
            )
        queue = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        # Back to the list as the moderator left it, re-encoded so that nothing
        # but a query string reaches the Location header.
        filters = QueryDict(request.POST.get("_changelist_filters", "")).urlencode()
        return redirect(f"{queue}?{filters}" if filters else queue)
