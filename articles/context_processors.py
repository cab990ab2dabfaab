from django.conf import settings

from .models import Category


def site(request):
    """Site name, tagline and the navigation's sections."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        # Lazy: evaluated only by templates that render the navigation.
        "nav_categories": Category.objects.filter(parent__isnull=True).order_by("name"),
    }
