"""The comment admin: the moderation queue and one comment's page.

What it shows, how it moderates, and the personal-data tools live in the
mixins beside it; this class names the fields and who may do what. The mixins'
actions and views check `has_moderate_permission`, defined here.
"""

from django import forms
from django.contrib import admin
from django.core.validators import URLValidator
from django.db import models

from comments.models import Comment

from .actions import ModerationActions
from .columns import CommentColumns
from .erase import PersonalDataActions
from .queue import CommentChangeList, StatusFilter
from .quick import QuickModeration
from .views import ModerationButtons


class WebAddressField(forms.URLField):
    """The reader's form allows only http(s) addresses: so does the admin's."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": "Enter a web address starting with http:// or https://."
    }


class CommentAdminForm(forms.ModelForm):
    # No Meta: the admin names the fields, and leaves out the read-only ones.

    def clean_body(self):
        return self.cleaned_data["body"].strip()

    def clean_name(self):
        return self.cleaned_data["name"].strip()


# Facts about how and when a comment arrived: nobody edits them.
RECORDED_FIELDS = [
    "status",
    "reason",
    "moderated_by",
    "moderated_at",
    "article",
    "parent",
    "depth",
    "user",
    "created_at",
    "ip_address",
    "user_agent",
    "removed",
]
AUTHOR_FIELDS = ["name", "email", "website", "body"]


@admin.register(Comment)
class CommentAdmin(
    CommentColumns,
    QuickModeration,
    ModerationButtons,
    ModerationActions,
    PersonalDataActions,
    admin.ModelAdmin,
):
    form = CommentAdminForm
    formfield_overrides = {
        models.URLField: {"form_class": WebAddressField, "assume_scheme": "https"}
    }
    # Name, email, website and IP share one column, as in WordPress, and the
    # status its reason: a moderator judges them together, and the row then
    # fits a laptop screen beside the filters.
    list_display = [
        "comment_text",
        "author",
        "article_link",
        "status_and_reason",
        "date",
    ]
    # The whole comment is on the row, with an Edit link among its actions:
    # text to read and select, not one big link.
    list_display_links = None
    list_filter = [StatusFilter, ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "ip_address"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    # The change form's Save comes first, so that Enter saves; the moderation
    # buttons follow it (templates/admin/comments/comment/change_form.html).
    save_on_top = True
    actions = [
        "approve",
        "mark_spam",
        "move_to_trash",
        "restore_to_pending",
        "export_personal_data",
        "erase_personal_data",
    ]
    fieldsets = [
        ("In context", {"fields": ["article_in_context", "parent_in_context"]}),
        (
            "Comment",
            {
                "fields": ["body", "name", "email", "website"],
                "description": "Moderators may correct a typo or remove a link.",
            },
        ),
        (
            "Moderation",
            {"fields": ["status", "reason", "moderated_by", "moderated_at", "reply"]},
        ),
        (
            "Record",
            {
                "fields": [
                    "created_at",
                    "ip_address",
                    "user_agent",
                    "user",
                    "depth",
                    "removed",
                ],
            },
        ),
    ]

    # Permissions

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.moderate_comment")

    def has_add_permission(self, request):
        # Comments come from readers, or from staff replying on the article page,
        # where the thread rules apply.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting removes a comment's replies with it and cannot be undone;
        # moderators move comments to the trash instead.
        return request.user.is_active and request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        computed = ["article_in_context", "parent_in_context", "reply"]
        if self.has_moderate_permission(request):
            return [*computed, *RECORDED_FIELDS]
        return [*computed, *RECORDED_FIELDS, *AUTHOR_FIELDS]

    # Lists and pages

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article", "parent", "moderated_by", "user")
        )

    def get_changelist(self, request, **kwargs):
        return CommentChangeList

    def view_on_site(self, obj):
        if obj.status == Comment.Status.APPROVED and obj.article.is_visible:
            return obj.get_absolute_url()
        return None

    def save_model(self, request, obj, form, change):
        # Only what the moderator edited: a status changed meanwhile by someone
        # else must not be written back.
        obj.save(update_fields=form.changed_data if change else None)
