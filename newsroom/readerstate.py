"""`/reader/state/`: what differs from one reader to the next, as private JSON.

Reader pages are the same bytes for everyone (newsroom/pagecache.py); the
site's script asks this endpoint for the rest when a page opens. It answers
the CSRF token for the page's forms (setting the CSRF cookie if the reader has
none), and whatever the apps add: each registers a provider in its
`AppConfig.ready()`. A provider takes the request and returns a dict to merge
into the answer; it reads the query string itself (`?article=<id>` on an
article page), and raises `BadStateRequest` for a value it cannot use.

Never kept by any cache: `Cache-Control: private, no-store`.
"""

from collections.abc import Callable

from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

Provider = Callable[[HttpRequest], dict]
_providers: list[Provider] = []

# The largest key a database row may have: larger numbers are typing errors.
MAX_ID = 2**63 - 1


class BadStateRequest(ValueError):
    """A query-string value a provider cannot use; its text is the message."""


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def id_parameter(request: HttpRequest, name: str) -> int | None:
    """The whole number `?name=` carries, None when absent; BadStateRequest else."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    # Short enough before int(): Python refuses over 4,300 digits.
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        raise BadStateRequest(f"{name} must be a whole number from 1 to {MAX_ID}.")
    if not 0 < int(raw) <= MAX_ID:
        raise BadStateRequest(f"{name} must be a whole number from 1 to {MAX_ID}.")
    return int(raw)


def _private(response: JsonResponse) -> JsonResponse:
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def reader_state(request: HttpRequest) -> JsonResponse:
    state = {"csrf_token": get_token(request)}
    try:
        for provider in _providers:
            state.update(provider(request))
    except BadStateRequest as exc:
        return _private(JsonResponse({"error": str(exc)}, status=400))
    return _private(JsonResponse(state))
