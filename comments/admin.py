"""The moderation queue and the discussion settings, in the admin.

Moderating (the bulk actions, the buttons on a comment's page, the personal-data
tools) needs `comments.moderate_comment`; viewing needs Django's view
permission. Every status change goes through `services.comment_moderate`, which
records who moderated and when, and sends the notifications.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    QueryDict,
)
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaks_filter
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import ngettext

from . import rules
from .models import Comment, DiscussionSettings
from .services import comment_erase, comment_export, comment_moderate, comments_by_email

# What each moderation does, in the words of the action menu, the buttons and
# the message afterwards.
MODERATIONS = {
    Comment.Status.APPROVED: ("Approve", "approved"),
    Comment.Status.SPAM: ("Mark as spam", "marked as spam"),
    Comment.Status.TRASH: ("Move to trash", "moved to trash"),
    Comment.Status.PENDING: ("Restore to pending", "restored to pending"),
}
ALL_STATUSES = "all"


def reply_url(comment: Comment) -> str:
    """The article page's reply form for `comment` (it works without JavaScript)."""
    return f"{comment.article.get_absolute_url()}?replytocom={comment.pk}#respond"


class StatusFilter(admin.SimpleListFilter):
    """Status, defaulting to the queue of pending comments.

    Without a status in the address the list shows what waits for a moderator;
    "All" is an explicit choice. A search without a status looks everywhere:
    looking up an address or an IP is usually about all of its comments.
    """

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(ALL_STATUSES, "All"), *Comment.Status.choices]

    def value(self):
        chosen = super().value()
        if chosen is not None:
            return chosen
        if self.request.GET.get(SEARCH_VAR, "").strip():
            return ALL_STATUSES
        return Comment.Status.PENDING

    def queryset(self, request, queryset):
        chosen = self.value()
        if chosen == ALL_STATUSES:
            return queryset
        if chosen not in Comment.Status.values:
            raise IncorrectLookupParameters(f"Unknown comment status {chosen!r}.")
        return queryset.filter(status=chosen)

    def choices(self, changelist):
        # Django's own "All" would drop the parameter, which now means pending.
        facet_counts = (
            self.get_facet_queryset(changelist) if changelist.add_facets else None
        )
        for i, (lookup, title) in enumerate(self.lookup_choices):
            if facet_counts is not None:
                title = f"{title} ({facet_counts.get(f'{i}__c', '-')})"
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }


class CommentChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # Whether a staff reply is possible depends on the discussion settings:
        # load them once for the page, not once per row.
        discussion = DiscussionSettings.load()
        for comment in self.result_list:
            comment.can_reply = _can_reply(comment, discussion)

    @cached_property
    def status_counts(self) -> list[dict]:
        """Pending n · Approved n · Spam n · Trash n, in one query."""
        totals = Comment.objects.aggregate(
            **{
                status: Count("pk", filter=Q(status=status))
                for status in Comment.Status.values
            }
        )
        current = next(
            spec.value() for spec in self.filter_specs if isinstance(spec, StatusFilter)
        )
        totals[ALL_STATUSES] = sum(totals.values())
        return [
            {
                "label": label,
                "count": totals[status],
                "url": f"?{StatusFilter.parameter_name}={status}",
                "current": status == current,
            }
            for status, label in [*Comment.Status.choices, (ALL_STATUSES, "All")]
        ]


def _can_reply(comment: Comment, discussion: DiscussionSettings) -> bool:
    return (
        comment.status == Comment.Status.APPROVED
        and comment.depth < discussion.thread_depth
        and rules.comments_open(comment.article, discussion)
    )


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
class CommentAdmin(admin.ModelAdmin):
    form = CommentAdminForm
    formfield_overrides = {
        models.URLField: {"form_class": WebAddressField, "assume_scheme": "https"}
    }
    # Name, email, website and IP share one column, as in WordPress, and the
    # status its reason: a moderator judges them together, and the row then
    # fits a laptop screen beside the filters.
    list_display = [
        "excerpt",
        "author",
        "article_link",
        "status_and_reason",
        "date",
    ]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter, ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "ip_address"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
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

    # Columns and read-only fields

    @admin.display(description="comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.display(description="author", ordering="name")
    def author(self, obj):
        """Name, email, website and IP; the email and IP list all their comments."""
        lines = [format_html("<strong>{}</strong>", obj.name)]
        if obj.email:
            lines.append(
                format_html(
                    '<a href="?{}" title="All comments with this email">{}</a>',
                    urlencode({"email__iexact": obj.email, "status": ALL_STATUSES}),
                    obj.email,
                )
            )
        if obj.website.startswith(("http://", "https://")):
            lines.append(
                format_html(
                    '<a href="{}" rel="nofollow noopener noreferrer" '
                    'target="_blank">{}</a>',
                    obj.website,
                    Truncator(obj.website.split("://", 1)[1]).chars(40),
                )
            )
        if obj.ip_address:
            lines.append(
                format_html(
                    '<a href="?{}" title="All comments from this IP address">{}</a>',
                    urlencode({"ip_address": obj.ip_address, "status": ALL_STATUSES}),
                    obj.ip_address,
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description="status", ordering="status")
    def status_and_reason(self, obj):
        """The status, why it was held, and a staff reply link when one is possible."""
        lines = [format_html("{}", obj.get_status_display())]
        if obj.reason:
            lines.append(
                format_html('<span class="comment-reason">{}</span>', obj.reason)
            )
        if getattr(obj, "can_reply", False):
            lines.append(
                format_html('<a href="{}" target="_blank">Reply</a>', reply_url(obj))
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description="date", ordering="created_at")
    def date(self, obj):
        created = timezone.localtime(obj.created_at)
        return format_html(
            '<time datetime="{}">{}<br>{}</time>',
            created.isoformat(),
            date_format(created, "j M Y"),
            date_format(created, "H:i"),
        )

    @admin.display(description="article", ordering="article__title")
    def article_link(self, obj):
        article = obj.article
        edit = reverse("admin:articles_article_change", args=[article.pk])
        if not article.is_visible:
            return format_html('<a href="{}">{}</a>', edit, article.title)
        return format_html(
            '<a href="{}">{}</a> <a href="{}" title="View on site" '
            'aria-label="View “{}” on site" target="_blank">↗</a>',
            edit,
            article.title,
            article.get_absolute_url(),
            article.title,
        )

    @admin.display(description="article")
    def article_in_context(self, obj):
        article = obj.article
        state = "live" if article.is_visible else "not visible to readers"
        if article.is_visible and not rules.comments_open(article):
            state = "live, comments closed"
        return format_html(
            '<a href="{}"><strong>{}</strong></a> ({}){}',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.title,
            state,
            format_html(
                ' · <a href="{}" target="_blank">View on site</a>',
                article.get_absolute_url(),
            )
            if article.is_visible
            else "",
        )

    @admin.display(description="in reply to")
    def parent_in_context(self, obj):
        parent = obj.parent
        if parent is None:
            return "Nobody: this comment is on the article itself."
        return format_html(
            '<a href="{}">{}</a>, {} ({})<blockquote class="comment-parent">{}'
            "</blockquote>",
            parent.get_admin_url(),
            parent.name,
            timezone.localtime(parent.created_at).strftime("%Y-%m-%d %H:%M"),
            parent.get_status_display().lower(),
            linebreaks_filter(parent.body),
        )

    @admin.display(description="staff reply")
    def reply(self, obj):
        if not _can_reply(obj, DiscussionSettings.load()):
            return "Replies are possible only to approved comments on open articles."
        return format_html(
            '<a href="{}" target="_blank">Reply on the article page</a>',
            reply_url(obj),
        )

    # Actions

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

    @staticmethod
    def _emails(queryset) -> list[str]:
        addresses = queryset.exclude(email="").values_list("email", flat=True)
        return sorted({address.strip().lower() for address in addresses})

    @admin.action(
        description="Export comments by these authors' emails (JSON)",
        permissions=["moderate"],
    )
    def export_personal_data(self, request, queryset):
        emails = self._emails(queryset)
        if not emails:
            self.message_user(
                request,
                "Nothing to export: the selected comments have no email address.",
                messages.WARNING,
            )
            return None
        export = [
            {"email": email, "comments": comment_export(email=email)}
            for email in emails
        ]
        response = HttpResponse(
            json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = (
            f'attachment; filename="comments-export-{stamp}.json"'
        )
        return response

    @admin.action(
        description="Erase personal data of these authors", permissions=["moderate"]
    )
    def erase_personal_data(self, request, queryset):
        """Anonymise every comment written with the selected comments' emails.

        Like Django's delete action: a confirmation page first, then the erasure.
        """
        emails = self._emails(queryset)
        if not emails:
            self.message_user(
                request,
                "Nothing to erase: the selected comments have no email address.",
                messages.WARNING,
            )
            return None
        if request.POST.get("post") == "yes":
            delete_text = request.POST.get("delete_text") == "on"
            with transaction.atomic():
                ids = [
                    pk
                    for email in emails
                    for pk in comments_by_email(email).values_list("pk", flat=True)
                ]
                erased = sum(
                    comment_erase(
                        comments=comments_by_email(email), delete_text=delete_text
                    )
                    for email in emails
                )
                # Who erased what, for the comments' history; written after the
                # erasure, so that the log keeps no name either.
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=Comment.objects.filter(pk__in=ids).select_related(
                        "article"
                    ),
                    action_flag=CHANGE,
                    change_message="Erased the author's personal data"
                    + (" and text." if delete_text else "."),
                )
            authors = ngettext("%d author", "%d authors", len(emails)) % len(emails)
            comments = ngettext("%d comment", "%d comments", erased) % erased
            self.message_user(
                request,
                f"Erased the personal data of {authors} ({comments}).",
                messages.SUCCESS,
            )
            return None
        counts = dict(
            Comment.objects.annotate(address=Lower("email"))
            .filter(address__in=emails)
            .values("address")
            .annotate(total=Count("pk"))
            .values_list("address", "total")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data",
            "subtitle": None,
            "opts": self.opts,
            "authors": [(email, counts.get(email, 0)) for email in emails],
            "total": sum(counts.values()),
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/comments/comment/erase_confirmation.html", context
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
