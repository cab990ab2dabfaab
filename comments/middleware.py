"""Keep pages that show a reader's own comment data out of shared caches."""

from django.utils.cache import patch_cache_control, patch_vary_headers


class CommentCacheMiddleware:
    """Mark responses that the comments app personalised.

    Every page with a comment section depends on the reader's cookies (their
    pending comments, their remembered details), so it varies on Cookie. One
    that actually shows such data (a prefilled email, an own pending comment,
    a refused form with what was typed) is private: a shared cache must never
    hand it to anyone else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "comments_shown", False) or getattr(
            request, "comments_personal", False
        ):
            patch_vary_headers(response, ("Cookie",))
        if getattr(request, "comments_personal", False):
            patch_cache_control(response, private=True)
        return response
