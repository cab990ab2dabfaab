"""What the moderation queue and a comment's page show, beyond the stored fields.

Name, email, website and IP share one column, as in WordPress, and the status
its reason: a moderator judges them together. On a comment's page the article
and the comment it answers are shown in context.
"""

from django.contrib import admin
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from comments import rules
from comments.models import DiscussionSettings

from .queue import ALL_STATUSES, can_reply, reply_url
from .rows import render_comment_cell


class CommentColumns:
    """The list's columns and the page's computed read-only fields."""

    @admin.display(description="comment")
    def comment_text(self, obj):
        """The whole comment, what it answers, and the row's actions (rows.py)."""
        return mark_safe(render_comment_cell(obj))  # the template escapes

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
        """The status (kept up to date by the queue's script), and why it was held."""
        lines = [
            format_html(
                '<span class="comment-status">{}</span>', obj.get_status_display()
            )
        ]
        if obj.reason:
            lines.append(
                format_html('<span class="comment-reason">{}</span>', obj.reason)
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
        if not can_reply(obj, DiscussionSettings.load()):
            return "Replies are possible only to approved comments on open articles."
        return format_html(
            '<a href="{}" target="_blank">Reply on the article page</a>',
            reply_url(obj),
        )
