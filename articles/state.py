"""What `/reader/state/` says of the article being read: its view count now.

Asking counts the view (articles.services.article_record_view_by_id), so a
page served by any cache, ours or a CDN's, is counted like a page made
afresh; and crawlers, which run no script, never count.
"""

from django.http import HttpRequest

from newsroom.readerstate import id_parameter

from .models import Article
from .services import article_record_view_by_id


def article_state(request: HttpRequest) -> dict:
    article_id = id_parameter(request, "article")
    if article_id is None:
        return {}
    article_record_view_by_id(article_id=article_id, request=request)
    views = (
        Article.objects.published()
        .filter(pk=article_id)
        .values_list("view_count", flat=True)
        .first()
    )
    return {"views": views}
