"""The two cookies a commenter's own browser keeps.

`comment_author` holds the name, email and website the reader asked us to
remember; `comments_pending` lists the ids of their recent comments, so that
their page can show those still waiting for a moderator (and those that a
shared cache's copy of the page may not show yet) in place. Both are signed (a
reader cannot make us show someone else's pending comment), unreadable from
JavaScript, and sent only to this site.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

AUTHOR_COOKIE = "comment_author"
AUTHOR_SALT = "comments.cookie.author"
AUTHOR_MAX_AGE = 365 * 24 * 60 * 60
AUTHOR_FIELDS = ("name", "email", "website")

PENDING_COOKIE = "comments_pending"
PENDING_SALT = "comments.cookie.pending"
PENDING_MAX_AGE = 3 * 24 * 60 * 60
# Enough for a busy commenter; keeps the cookie small whatever happens.
PENDING_LIMIT = 20


def _load(request: HttpRequest, name: str, *, salt: str, max_age: int):
    raw = request.COOKIES.get(name)
    if not raw:
        return None
    try:
        return signing.loads(raw, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError):
        return None


def _store(response: HttpResponse, name: str, value, *, salt: str, max_age: int):
    response.set_cookie(
        name,
        signing.dumps(value, salt=salt, compress=True),
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def read_author(request: HttpRequest) -> dict[str, str]:
    """The details the reader asked us to remember, or {}."""
    data = _load(request, AUTHOR_COOKIE, salt=AUTHOR_SALT, max_age=AUTHOR_MAX_AGE)
    if not isinstance(data, dict):
        return {}
    return {key: data[key] for key in AUTHOR_FIELDS if isinstance(data.get(key), str)}


def remember_author(response: HttpResponse, **details: str) -> None:
    value = {key: details.get(key, "") for key in AUTHOR_FIELDS}
    _store(response, AUTHOR_COOKIE, value, salt=AUTHOR_SALT, max_age=AUTHOR_MAX_AGE)


def forget_author(request: HttpRequest, response: HttpResponse) -> None:
    if AUTHOR_COOKIE in request.COOKIES:
        response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")


def read_pending(request: HttpRequest) -> list[int]:
    """Ids of the reader's own comments that may still await moderation."""
    data = _load(request, PENDING_COOKIE, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, int)][-PENDING_LIMIT:]


def remember_pending(
    request: HttpRequest, response: HttpResponse, comment_id: int
) -> None:
    ids = [item for item in read_pending(request) if item != comment_id]
    ids = [*ids, comment_id][-PENDING_LIMIT:]
    _store(response, PENDING_COOKIE, ids, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
