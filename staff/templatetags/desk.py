"""The admin index's desk: a writer's drafts and scheduled pieces, the desk's totals.

A fixed number of queries whatever the number of articles: the writer's own
unfinished articles (at most DESK_LIMIT of each kind), their profile, and for
editors one aggregate over the whole desk.
"""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from articles import permissions
from articles.models import Article

register = template.Library()

DESK_LIMIT = 10


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def desk(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    writes = user.has_perm("articles.add_article") or user.has_perm(
        "articles.change_article"
    )
    edits_any = permissions.can_edit_any_article(user)
    if not writes:
        return {"show": False}
    changelist = reverse("admin:articles_article_changelist")
    own = (
        Article.objects.filter(contributor__user=user)
        .only("pk", "title", "status", "published_at")
        .order_by("-updated_at", "-pk")
    )
    now = timezone.now()
    result = {
        "show": True,
        "drafts": list(own.drafts()[:DESK_LIMIT]),
        "scheduled": list(own.scheduled().order_by("published_at")[:DESK_LIMIT]),
        "limit": DESK_LIMIT,
        "can_add": user.has_perm("articles.add_article"),
        "has_profile": edits_any or permissions.own_profile(user) is not None,
        "add_url": reverse("admin:articles_article_add"),
        "own_url": changelist,
        "drafts_url": f"{changelist}?state=draft",
        "scheduled_url": f"{changelist}?state=scheduled",
        "desk": None,
    }
    if edits_any:
        result["desk"] = Article.objects.aggregate(
            drafts=Count("pk", filter=Q(status=Article.Status.DRAFT)),
            scheduled=Count(
                "pk",
                filter=Q(status=Article.Status.PUBLISHED, published_at__gt=now),
            ),
        )
    return result
