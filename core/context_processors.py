from django.conf import settings


def site(request):
    """The site's name and tagline, for every template."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
    }
