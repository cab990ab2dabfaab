"""What `/reader/state/` says of the article being read: its view count now.

Asking counts the view (articles.services.article_record_view), so a page
served by any cache, ours or a CDN's, is counted like a page made afresh;
and crawlers, which run no script, never count. Nor do prefetches, HEAD
requests or staff.
"""

from django.http import HttpRequest

from core.http import client_address, request_is_countable
from newsroom.pagecache import carries_identity
from newsroom.readerstate import id_parameter

from .models import Article
from .services import article_record_view


def is_reader(request: HttpRequest) -> bool:
    """A person reading: not a machine or a prefetch, and not staff."""
    if not request_is_countable(request):
        return False
    if carries_identity(request):
        user = request.user
        return not (user.is_authenticated and user.is_staff)
    return True


def article_state(request: HttpRequest) -> dict:
    article_id = id_parameter(request, "article")
    if article_id is None:
        return {}
    if is_reader(request):
        article_record_view(
            article_id=article_id,
            address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    views = (
        Article.objects.published()
        .filter(pk=article_id)
        .values_list("view_count", flat=True)
        .first()
    )
    return {"views": views}
