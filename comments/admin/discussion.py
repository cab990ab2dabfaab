"""The site-wide discussion settings, in the admin: one row, edited in place."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from comments.models import (
    COMMENT_LENGTH_CEILING,
    COMMENT_LENGTH_FLOOR,
    DiscussionSettings,
)


class DiscussionSettingsForm(forms.ModelForm):
    class Meta:
        model = DiscussionSettings
        fields = [
            "hold_all",
            "approve_known_authors",
            "hold_link_count",
            "hold_words",
            "spam_words",
            "close_after_days",
            "flood_seconds",
            "min_fill_seconds",
            "thread_depth",
            "max_comment_length",
            "notify_moderators",
            "notify_contributor",
        ]
        help_texts = {
            "hold_link_count": (
                "Links in the text, plus the author's website. A comment with at "
                "least this many waits for a moderator."
            ),
            "notify_moderators": (
                "One email per held comment to each moderator, addressed to them "
                "alone, with a link to it in the admin."
            ),
            "notify_contributor": (
                "The article's contributor is told when a comment on it is "
                "approved. The commenter's email address is never included."
            ),
        }
        error_messages = {
            "max_comment_length": {
                "min_value": (
                    f"Allow at least {COMMENT_LENGTH_FLOOR:,} characters: fewer "
                    "would refuse ordinary comments."
                ),
                "max_value": (
                    f"At most {COMMENT_LENGTH_CEILING:,} characters: a longer "
                    "comment might not fit in what the site reads of a request."
                ),
            },
            "thread_depth": {
                "min_value": "Allow at least 1 level (1 means no replies).",
                "max_value": "At most 10 levels: deeper threads are unreadable.",
            },
            "hold_link_count": {
                "min_value": "Hold at 1 link or more (0 would hold every comment)."
            },
            "close_after_days": {
                "min_value": "Close after at least 1 day, or leave it empty.",
                "max_value": "At most 36500 days (a hundred years), or leave it empty.",
            },
        }


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    """One row of site-wide rules: no list, no adding, no deleting.

    Viewing and editing follow the model permissions, which only superusers
    hold until a role is granted `comments.change_discussionsettings`.
    """

    form = DiscussionSettingsForm
    fieldsets = [
        (
            "Moderation",
            {
                "fields": ["hold_all", "approve_known_authors"],
                "description": "What a reader's comment becomes when it trips no rule.",
            },
        ),
        (
            "Spam rules",
            {
                "fields": ["hold_link_count", "hold_words", "spam_words"],
                "description": (
                    "Checked on every reader's comment; staff replies skip them. A "
                    "held comment waits with its reason; spam goes to the spam list "
                    "silently."
                ),
            },
        ),
        (
            "Timing",
            {"fields": ["close_after_days", "flood_seconds", "min_fill_seconds"]},
        ),
        ("Threads", {"fields": ["thread_depth"]}),
        (
            "Length",
            {
                "fields": ["max_comment_length"],
                "description": "Applies to every comment, staff replies too.",
            },
        ),
        ("Notifications", {"fields": ["notify_moderators", "notify_contributor"]}),
    ]

    def has_add_permission(self, request):
        return False  # the row is created on first use

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_row, _ = DiscussionSettings.objects.get_or_create(pk=1)
        return redirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[settings_row.pk],
            )
        )

    def response_post_save_change(self, request, obj):
        # There is no list to go back to: stay on the settings.
        return redirect(request.path)
