from django.conf import settings
from django.utils.functional import SimpleLazyObject

from newsroom import pagecache

from .models import Category


def site(request):
    """Site name, the navigation's categories, and what fragment caching needs."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        # Lazy: evaluated only by templates that render the navigation, and
        # not at all when the navigation comes from the fragment cache.
        "nav_categories": Category.objects.filter(parent__isnull=True).order_by("name"),
        # {% cache fragment_seconds name cache_stamp ... using="pages" %}: a
        # fragment stored before the last change is never used again.
        # Both read the stamp only when a template asks (one cache read per
        # request); with the cache unavailable, fragments are not kept.
        "fragment_seconds": lambda: pagecache.fragment_seconds(request),
        "cache_stamp": SimpleLazyObject(lambda: pagecache.request_stamp(request)),
    }
