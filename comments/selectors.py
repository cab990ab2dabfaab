"""Reads of comment data for other apps: the only way they see comments."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Comment


def with_comment_counts(articles: QuerySet) -> QuerySet:
    """Annotate each article with `comment_count`: its approved comments.

    A correlated subquery rather than a join, so that it stays right when the
    queryset already joins categories or tags, and costs no extra query.
    """
    approved = (
        Comment.objects.approved()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return articles.annotate(
        comment_count=Coalesce(
            Subquery(approved, output_field=IntegerField()), Value(0)
        )
    )
