"""Site-wide middleware: the database-outage page, the Content-Security-Policy, and
private caching of staff pages.

A database that is locked, restarting or out of reach is a temporary state, not
a bug: readers get a 503 page that says so and when to retry (with a
Retry-After header for browsers, crawlers and monitors), and the log gets one
line saying what failed, instead of a 500 and a traceback.
"""

import logging
import sys

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# Long enough for a busy SQLite writer or a database restart to finish, short
# enough that a reader who waits does not give up.
RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response(
    request: HttpRequest, *, comment_text: str = ""
) -> HttpResponse:
    """The 503 page, rendered without touching the database.

    No request context: context processors would query (the navigation, the
    user). `comment_text` is what a reader typed, shown back so that it is not
    lost when even the article page cannot be rendered.
    """
    html = render_to_string(
        "503.html",
        {
            "site_name": settings.NEWSROOM_SITE_NAME,
            "retry_after": RETRY_AFTER_SECONDS,
            "comment_text": comment_text,
        },
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The page carries its own style block (it must not depend on anything
    # else working) and nothing anyone typed except, escaped, the reader's own
    # comment text.
    response._csp_update = {"style-src": [UNSAFE_INLINE]}
    return response


def log_database_failure(request: HttpRequest, exception: BaseException) -> None:
    logger.error(
        "Database unavailable during %s %s: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        exception,
    )


def _remember_database_failure(sender, request=None, **kwargs) -> None:
    # Called by Django's handler while it turns an exception raised outside a
    # view (a middleware saving the session, say) into a 500; the middleware
    # below then swaps that 500 for the outage page.
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, DATABASE_ERRORS):
        request.newsroom_database_failure = exception


got_request_exception.connect(
    _remember_database_failure, dispatch_uid="newsroom-database-failure"
)


class DatabaseOutageMiddleware:
    """Turn a database outage into a 503 page with a retry hint.

    `process_exception` catches what a view raises. A failure in a middleware
    further in (sessions, authentication) has already become a 500 response by
    the time it comes back out here; the signal receiver above marks those, and
    they are replaced too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        failure = getattr(request, "newsroom_database_failure", None)
        if failure is not None and response.status_code == 500:
            log_database_failure(request, failure)
            return database_unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_ERRORS):
            log_database_failure(request, exception)
            return database_unavailable_response(request)
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with two exceptions to the strict style policy.

    - The admin: its image previews and onboarding page use style attributes,
      and the comment moderation pages a style block. Inline styles only, for
      staff pages that render no reader HTML unescaped; scripts stay as strict
      as everywhere else.
    - Django's 500 page, which like the 503 page carries its own style block
      so that it renders when static files are what failed.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        extra = {}
        match = getattr(request, "resolver_match", None)
        admin = match is not None and "admin" in match.namespaces
        if admin or response.status_code == 500:
            extra["style-src"] = [UNSAFE_INLINE]
        if extra:
            update = dict(parts.update or {})
            for directive, sources in extra.items():
                existing = update.get(directive) or []
                if isinstance(existing, str):
                    existing = [existing]
                update[directive] = [*existing, *sources]
            parts.update = update
        return parts


# Where newsroom/urls.py mounts the admin; the staff password-reset pages
# (staff/urls.py) live under it too.
STAFF_PATH_PREFIX = "/admin/"


class StaffPagesPrivateMiddleware:
    """`Cache-Control: private` on every response under the admin's address.

    Staff pages show what only their reader may see, and no shared cache may
    keep one, even where a view sends no header of its own (the password-reset
    form, an error page). Decided on the path alone: reading the session or
    the user here would add `Vary: Cookie` to every reader page. Whatever else
    the view said (Django's `no-cache, no-store`) stays.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(STAFF_PATH_PREFIX):
            patch_cache_control(response, private=True)
        return response
