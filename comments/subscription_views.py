"""The pages behind the links in commenters' emails: confirm, unsubscribe.

Following a link shows a page with one button (a mail scanner that opens
links changes nothing); the button, or a mail program's one-click
unsubscribe (RFC 8058), POSTs back to the same address. The signed link is
the proof of who asks, so these POSTs need no CSRF token; answering one
twice changes nothing the second time.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import subscriptions


def _page(request, status=200, **context):
    response = render(request, "comments/subscription.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _follow(request, token, *, check, act, asked: dict, done) -> HttpResponse:
    """Show the button for a GET; for a POST, act and say what was done."""
    try:
        if request.method != "POST":
            check(token)
            return _page(request, **asked)
        return _page(request, **done(act(token)))
    except subscriptions.BadLink as error:
        return _page(request, status=400, title="Link not valid", message=str(error))


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    return _follow(
        request,
        token,
        check=subscriptions.check_confirm_token,
        act=subscriptions.confirm,
        asked={
            "title": "Confirm your email",
            "message": "Confirm that you want emails about your comment.",
            "button": "Confirm",
        },
        done=lambda comment: {
            "title": "Confirmed",
            "message": (
                "Thank you: we will email you about your comment on "
                f"“{comment.article.title}” as you asked."
            ),
        },
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    return _follow(
        request,
        token,
        check=subscriptions.check_unsubscribe_token,
        act=subscriptions.unsubscribe,
        asked={
            "title": "Unsubscribe",
            "message": "Stop these emails?",
            "button": "Unsubscribe",
        },
        done=lambda _count: {
            "title": "Unsubscribed",
            "message": "You will get no more of these emails from us.",
        },
    )
