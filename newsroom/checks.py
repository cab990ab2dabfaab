"""System checks of newsroom's own settings, run by `check`, `migrate` and `runserver`.

gunicorn runs no system checks, so newsroom/wsgi.py calls `raise_site_url_errors`
at start-up as well.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .siteurl import EXAMPLE, site_url_problem

HINT = (
    f"Set it to the site's public address, scheme and host only, e.g. "
    f"NEWSROOM_SITE_URL={EXAMPLE}. Every absolute URL (canonical links, feeds, "
    f"sitemaps, emails) is built from it."
)


@checks.register("newsroom")
def check_site_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """NEWSROOM_SITE_URL is required with debug off, and must be well formed."""
    value = getattr(settings, "NEWSROOM_SITE_URL", "")
    if not value:
        if settings.DEBUG:
            return []  # Addresses then follow each request (newsroom/siteurl.py).
        return [
            checks.Error(
                "NEWSROOM_SITE_URL is not set; production (DJANGO_DEBUG off) "
                "needs the site's address.",
                hint=HINT,
                id="newsroom.E001",
            )
        ]
    problem = site_url_problem(value)
    if problem is not None:
        return [
            checks.Error(
                f"NEWSROOM_SITE_URL {value!r} {problem}.", hint=HINT, id="newsroom.E002"
            )
        ]
    return []


def raise_site_url_errors() -> None:
    """Refuse to start, as `check` would, when NEWSROOM_SITE_URL is unusable."""
    errors = check_site_url()
    if errors:
        raise ImproperlyConfigured(
            "\n".join(f"{error.id}: {error.msg} HINT: {error.hint}" for error in errors)
        )
