"""A comment's own moderation buttons, and the admin URL rows link to.

`<id>/moderate/` moves one comment to another status. A GET (a queue row's
link without JavaScript) only shows a confirmation page; its form, or a POST
from elsewhere, moderates and returns to the queue as the moderator left it.

On a comment's change page the buttons belong to the change form: Approve,
Spam or Trash saves what the moderator corrected first, then moderates, so
an edit is never dropped; "Approve and next" then opens the next comment
waiting in the queue.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from comments.models import Comment
from comments.services import comment_moderate

from .actions import MODERATIONS

MODERATE_FIELD = "_moderate"
APPROVE_AND_NEXT = "_approve_next"


class ModerationButtons:
    """The buttons on a comment's change page, and the view behind row links."""

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

    def response_change(self, request, obj):
        """After saving the moderator's edits, moderate when a button asked to."""
        if APPROVE_AND_NEXT in request.POST:
            status = Comment.Status.APPROVED
        else:
            status = request.POST.get(MODERATE_FIELD)
        if status is None:
            return super().response_change(request, obj)
        if status not in MODERATIONS:
            return HttpResponseBadRequest("Unknown comment status.")
        if not self.has_moderate_permission(request):
            # Raised inside the change view's transaction: the edit goes too.
            raise PermissionDenied
        previous = obj.status
        self._moderate_one(request, obj, status, previous)
        filters = request.GET.get("_changelist_filters", "")
        if APPROVE_AND_NEXT in request.POST:
            following = self._next_pending(obj)
            if following is not None:
                url = following.get_admin_url()
                if filters:
                    url += "?" + urlencode({"_changelist_filters": filters})
                return redirect(url)
        return redirect(self._queue_url(filters))

    @staticmethod
    def _next_pending(comment: Comment) -> Comment | None:
        """The pending comment below `comment` in the queue (newest first), else
        the first one left."""
        pending = Comment.objects.pending().exclude(pk=comment.pk)
        below = pending.filter(created_at__lte=comment.created_at).exclude(
            created_at=comment.created_at, pk__gt=comment.pk
        )
        ordering = ["-created_at", "-id"]
        return below.order_by(*ordering).first() or pending.order_by(*ordering).first()

    def _moderate_one(self, request, comment, status, previous) -> int:
        changed = comment_moderate(
            comments=Comment.objects.filter(pk=comment.pk),
            status=status,
            moderator=request.user,
        )
        done = MODERATIONS[status][1]
        if changed:
            undo = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_moderate",
                args=[comment.pk],
            )
            self.message_user(
                request,
                format_html(
                    'The comment by {} was {}. <a href="{}?{}">Undo</a>',
                    comment.name,
                    done,
                    undo,
                    urlencode({"status": previous}),
                ),
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"Nothing changed: the comment by {comment.name} was already {done}.",
                messages.WARNING,
            )
        return changed

    def moderate_view(self, request, object_id):
        """Confirm (GET) or do (POST) one comment's move to another status."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (
            self.has_view_or_change_permission(request, comment)
            and self.has_moderate_permission(request)
        ):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        status = data.get("status")
        if status not in MODERATIONS:
            return HttpResponseBadRequest("Unknown comment status.")
        filters = data.get("_changelist_filters", "")
        if request.method == "GET":
            return self._confirmation_page(request, comment, status, filters)
        self._moderate_one(request, comment, status, comment.status)
        return redirect(self._queue_url(filters))

    def _confirmation_page(self, request, comment, status, filters):
        verb = MODERATIONS[status][0]
        context = {
            **self.admin_site.each_context(request),
            "title": f"{verb}: the comment by {comment.name}?",
            "subtitle": None,
            "opts": self.opts,
            "comment": comment,
            "status": status,
            "verb": verb,
            "changelist_filters": filters,
            "queue_url": self._queue_url(filters),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/comments/comment/moderate_confirmation.html", context
        )

    def _queue_url(self, filters: str) -> str:
        queue = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        # Back to the list as the moderator left it, re-encoded so that nothing
        # but a query string reaches the Location header.
        filters = QueryDict(filters).urlencode()
        return f"{queue}?{filters}" if filters else queue
