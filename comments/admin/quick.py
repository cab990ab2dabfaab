"""Moderating from the queue's rows: a JSON endpoint for each row action.

- `<id>/set-status/` (POST `status`, optionally `current`): moves one comment
  to a status through `services.comment_moderate` and answers with the new
  status, the one before (the queue's Undo posts it back, with `current` set
  so that an Undo never overwrites what another moderator did meanwhile) and
  the counts per status.
- `<id>/reply/`: a staff reply published at once, which approves the comment
  answered (`services.comment_staff_reply`). It answers JSON to the queue's
  script (`Accept: application/json`), and without JavaScript shows a page
  with a reply form, then returns to the queue.

Both need `comments.moderate_comment` (`has_moderate_permission`); the JSON
answers errors in JSON too, never with a page or a 500.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core import validators
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from comments.models import Comment, DiscussionSettings
from comments.services import comment_moderate, comment_staff_reply

from .actions import MODERATIONS
from .queue import can_reply_from_queue, status_totals

CANNOT_REPLY = (
    "Replies are possible only to pending or approved comments on articles open "
    "for comments, within the thread depth."
)


def json_error(code: int, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": message, **extra}, status=code)
    if code == 405:
        response["Allow"] = "POST"
    return response


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class QueueReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff replies are held to the discussion's limit, as readers are.
        longest = DiscussionSettings.load().max_comment_length
        field = self.fields["body"]
        field.max_length = longest
        field.validators.append(validators.MaxLengthValidator(longest))
        field.widget.attrs["maxlength"] = str(longest)


class QuickModeration:
    """The JSON endpoints behind the queue's row actions."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/set-status/",
                self.admin_site.admin_view(self.set_status_view),
                name=f"{info}_set_status",
            ),
            path(
                "<path:object_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name=f"{info}_reply",
            ),
            *super().get_urls(),
        ]

    def _comment_to_moderate(self, request, object_id) -> Comment | None:
        """The comment, or None when there is none (or the id is nonsense)."""
        comment = self.get_object(request, unquote(object_id))
        if comment is None or not self.has_view_or_change_permission(request, comment):
            return None
        return comment

    def set_status_view(self, request, object_id):
        if request.method != "POST":
            return json_error(405, "Use POST.")
        # Permission before the lookup: who may not moderate learns nothing.
        if not self.has_moderate_permission(request):
            return json_error(403, "You may not moderate comments.")
        comment = self._comment_to_moderate(request, object_id)
        if comment is None:
            return json_error(404, "No such comment.")
        status = request.POST.get("status")
        if status not in MODERATIONS:
            return json_error(400, "Unknown comment status.")
        current = request.POST.get("current")
        previous = comment.status
        if current and current != previous:
            return json_error(
                409,
                f"Nothing changed: the comment by {comment.name} is now "
                f"{comment.get_status_display().lower()}.",
                status=previous,
                label=comment.get_status_display(),
                counts=status_totals(),
            )
        changed = comment_moderate(
            comments=Comment.objects.filter(pk=comment.pk, status=previous),
            status=status,
            moderator=request.user,
        )
        comment.refresh_from_db(fields=["status"])
        done = MODERATIONS[status][1]
        return JsonResponse(
            {
                "id": comment.pk,
                "status": comment.status,
                "label": comment.get_status_display(),
                "previous": previous,
                "changed": bool(changed),
                "message": (
                    f"The comment by {comment.name} was {done}."
                    if changed
                    else f"Nothing changed: the comment by {comment.name} was "
                    f"already {done}."
                ),
                "counts": status_totals(),
            }
        )

    def reply_view(self, request, object_id):
        as_json = wants_json(request)
        if as_json and request.method != "POST":
            return json_error(405, "Use POST.")
        if not self.has_moderate_permission(request):
            if as_json:
                return json_error(403, "You may not moderate comments.")
            raise PermissionDenied
        comment = self._comment_to_moderate(request, object_id)
        if comment is None:
            if as_json:
                return json_error(404, "No such comment.")
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        filters = request.POST.get("_changelist_filters") or request.GET.get(
            "_changelist_filters", ""
        )
        if not can_reply_from_queue(comment, DiscussionSettings.load()):
            if as_json:
                return json_error(400, CANNOT_REPLY)
            self.message_user(request, CANNOT_REPLY, messages.WARNING)
            return self._back_to_queue(filters)
        form = QueueReplyForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            reply = comment_staff_reply(
                parent=comment,
                body=form.cleaned_data["body"],
                author=request.user,
                user_agent=request.headers.get("User-Agent", ""),
            )
            comment.refresh_from_db(fields=["status"])
            message = (
                f"Your reply to {comment.name} is published under the name "
                f"{reply.name}."
            )
            if as_json:
                return JsonResponse(
                    {
                        "id": reply.pk,
                        "name": reply.name,
                        "status": reply.status,
                        "parent": {
                            "id": comment.pk,
                            "status": comment.status,
                            "label": comment.get_status_display(),
                        },
                        "message": message,
                        "counts": status_totals(),
                    },
                    status=201,
                )
            self.message_user(request, message, messages.SUCCESS)
            return self._back_to_queue(filters)
        if as_json:
            return json_error(400, "Write a reply first.", errors=form.errors)
        return self._reply_page(request, comment, form, filters)

    def _reply_page(self, request, comment, form, filters):
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reply to {comment.name}",
            "subtitle": None,
            "opts": self.opts,
            "comment": comment,
            "form": form,
            "changelist_filters": filters,
            "queue_url": self._queue_url(filters),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    def _back_to_queue(self, filters: str):
        return redirect(self._queue_url(filters))
