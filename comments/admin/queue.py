"""The moderation queue's list: the status filter, the counts above it, replies.

Without a status in the address the list shows what waits for a moderator.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.db.models import Count, Q
from django.utils.functional import cached_property

from comments import rules
from comments.models import Comment, DiscussionSettings

ALL_STATUSES = "all"


def reply_url(comment: Comment) -> str:
    """The article page's reply form for `comment` (it works without JavaScript)."""
    return f"{comment.article.get_absolute_url()}?replytocom={comment.pk}#respond"


def can_reply(comment: Comment, discussion: DiscussionSettings) -> bool:
    """Whether staff may reply to `comment` on the article page."""
    return (
        comment.status == Comment.Status.APPROVED
        and comment.depth < discussion.thread_depth
        and rules.comments_open(comment.article, discussion)
    )


def can_reply_from_queue(comment: Comment, discussion: DiscussionSettings) -> bool:
    """Whether staff may reply to `comment` from the queue.

    As on the article page, except that a pending comment may be answered too:
    replying approves it.
    """
    return (
        comment.status in (Comment.Status.PENDING, Comment.Status.APPROVED)
        and comment.depth < discussion.thread_depth
        and rules.comments_open(comment.article, discussion)
    )


def status_totals() -> dict[str, int]:
    """How many comments each status holds, and all of them, in one query."""
    totals = Comment.objects.aggregate(
        **{
            status: Count("pk", filter=Q(status=status))
            for status in Comment.Status.values
        }
    )
    totals[ALL_STATUSES] = sum(totals.values())
    return totals


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
        # What each row offers depends on the discussion settings and on who
        # looks: decide once for the page, not once per row. The rows' links
        # carry the list's filters, to come back to the list as it was.
        discussion = DiscussionSettings.load()
        may_moderate = self.model_admin.has_moderate_permission(request)
        preserved = self.model_admin.get_preserved_filters(request)
        for comment in self.result_list:
            comment.can_reply = may_moderate and can_reply_from_queue(
                comment, discussion
            )
            comment.may_moderate = may_moderate
            comment.preserved_filters = preserved

    @cached_property
    def status_counts(self) -> list[dict]:
        """Pending n · Approved n · Spam n · Trash n, in one query."""
        totals = status_totals()
        current = next(
            spec.value() for spec in self.filter_specs if isinstance(spec, StatusFilter)
        )
        return [
            {
                "status": status,
                "label": label,
                "count": totals[status],
                "url": f"?{StatusFilter.parameter_name}={status}",
                "current": status == current,
            }
            for status, label in [*Comment.Status.choices, (ALL_STATUSES, "All")]
        ]
