"""The comment form's POST endpoint, and a comment's lasting address.

Success stores the comment through `comment_submit` and redirects to it
(post/redirect/get). The article page a reader wrote on is shared by every
reader, so its form carries no token of its own: the page's script fills in
the CSRF and timing tokens from `/reader/state/`. A post that arrives without
them (no script ran, or a stale page) is never stored and never lost: the
reader gets a page with everything typed and fresh tokens, and one more click
sends it. Logged-in staff get Django's full CSRF protection instead.

Any refusal shows the same page with every message at its field, everything
typed kept and nothing stored; so does a database that cannot take the
comment just now (503). Two refusals come before anything else and show
less: a post whose text is not readable UTF-8 (nothing of it is shown), and
a comment longer than the discussion takes (its text is not shown back).
"""

import ipaddress
from urllib.parse import parse_qsl

from django.conf import settings
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
)
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from core.http import client_address
from newsroom.middleware import (
    DATABASE_ERRORS,
    RETRY_AFTER_SECONDS,
    database_unavailable_response,
    log_database_failure,
)
from newsroom.pagecache import carries_identity

from . import cookies, rules
from .display import comment_location, render_comment, staff_author
from .forms import UNREADABLE_MESSAGE, CommentForm, make_token, typed_length
from .models import COMMENT_LENGTH_CEILING, Comment
from .services import comment_submit, staff_display_name
from .subscriptions import subscribe
from .threads import CommentNode, shown_comments

NOT_SAVED_MESSAGE = (
    "We could not save your comment just now; it is below, please send it again "
    "in a moment."
)


def _ip_or_none(address: str) -> str | None:
    """The address as the database stores it, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(address.strip().split("%")[0]))
    except ValueError:
        return None


def comment_permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A comment's lasting address: a redirect to the page of its article showing it.

    Feeds, e-mails and the admin link here, because which page of a long
    discussion shows a comment changes as comments are approved or removed.
    Only comments a reader can see: approved ones on published articles, and
    the reader's own comments still waiting.
    """
    if comment_id > 2**63 - 1:
        raise Http404("No such comment.")
    visible = Q(status=Comment.Status.APPROVED)
    own = cookies.read_pending(request)
    if own:
        visible |= Q(pk__in=own)
    comment = get_object_or_404(
        Comment.objects.filter(
            visible, article__in=Article.objects.published()
        ).select_related("article"),
        pk=comment_id,
    )
    if comment.status != Comment.Status.APPROVED:
        # The reader's own comment, still waiting: said on a page of its own,
        # for a reader whose article page shows it only through its script.
        return _own_comment_page(request, comment)
    response = HttpResponseRedirect(comment_location(comment))
    if own:
        patch_cache_control(response, private=True)
    return response


def _own_comment_page(request: HttpRequest, comment: Comment) -> HttpResponse:
    shown = shown_comments(Q(pk=comment.pk))[0]
    node = CommentNode(comment=shown, level=1, can_reply=False)
    response = TemplateResponse(
        request,
        "comments/own_comment.html",
        {
            "article": comment.article,
            "comment_html": mark_safe(
                render_comment(node, article_url=comment.article.get_absolute_url())
            ),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _readable(request: HttpRequest) -> bool:
    """Whether the text posted decodes in its charset (UTF-8 unless it says).

    Django reads bytes it cannot decode as U+FFFD, or a whole form body that
    is not UTF-8 as Latin-1, and carries on: a comment would be stored
    mangled. Read once more, strictly: the raw body, and in a form-encoded
    body the percent-escaped bytes too.
    """
    # Django's own limits first: a body too large, or too many fields, is its
    # 400. (The body before the fields: a multipart body is not kept once
    # parsed.)
    body, _ = request.body, request.POST
    encoding = request.encoding or settings.DEFAULT_CHARSET
    try:
        text = body.decode(encoding)
        if request.content_type == "application/x-www-form-urlencoded":
            parse_qsl(text, keep_blank_values=True, encoding=encoding, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _csrf_refusal(request: HttpRequest) -> HttpResponse | None:
    """Django's CSRF check, as the middleware would make it; None when it passes.

    A reader's post with no token at all (no script ran) is refused quietly:
    Django's check would log it as an attack, and it is not one.
    """
    quiet = not carries_identity(request) and not request.POST.get(
        "csrfmiddlewaretoken"
    )
    # As Django's own check does, the test client may ask for none.
    if quiet and not getattr(request, "_dont_enforce_csrf_checks", False):
        return HttpResponse(status=403)
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


@csrf_exempt
@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = form = None
    try:
        article = get_object_or_404(Article.objects.published(), pk=article_id)
        readable = _readable(request)
        refusal = _csrf_refusal(request)
        if refusal is not None and carries_identity(request):
            # Someone logged in: nothing but a same-site form may post as them.
            return refusal
        form = CommentForm(
            # Text that could not be read is not shown back, even in part.
            request.POST if readable else QueryDict(),
            article=article,
            user=staff_author(request) if refusal is None else None,
            ip_address=_ip_or_none(client_address(request)),
        )
        if not readable:
            return _refused(request, article, form, UNREADABLE_MESSAGE)
        if form.body_too_long:
            # Before the confirmation page too, which would show it all back.
            return _too_long(request, article, form)
        if refusal is not None or not request.POST.get("token"):
            if not rules.comments_open(article, form.discussion):
                # Nothing to confirm: say why, and keep what was typed.
                return _refused(request, article, form, rules.CLOSED_MESSAGE)
            return _confirm(request, article, form)
        if not form.is_valid():
            return _show_again(request, article, form)
        return _submit(request, article, form)
    except DATABASE_ERRORS as exc:
        # comment_submit writes in one transaction, so nothing was stored.
        log_database_failure(request, exc)
        return _not_saved(request, article, form)


def _submit(request: HttpRequest, article, form: CommentForm) -> HttpResponse:
    data = form.cleaned_data
    staff = form.staff_author
    comment = comment_submit(
        article=article,
        name=data.get("name", ""),
        email=data.get("email", ""),
        website=data.get("website", ""),
        body=data["body"],
        parent=form.parent_comment,
        ip_address=form.ip_address,
        user_agent=request.headers.get("User-Agent", "").replace("\x00", ""),
        user=request.user if staff else None,
        honeypot_filled=form.honeypot_filled,
    )
    if not staff and comment.status != Comment.Status.SPAM:
        # Spam gets no email: its address may be anyone's.
        subscribe(
            comment=comment,
            approval=bool(data.get("notify_approval")),
            replies=bool(data.get("notify_replies")),
        )
    response = HttpResponseRedirect(comment_location(comment))
    response.status_code = 303  # See Other: the browser follows with a GET.
    if not staff:
        if data.get("remember"):
            cookies.remember_author(
                response,
                name=data["name"],
                email=data["email"],
                website=data["website"],
            )
        else:
            cookies.forget_author(request, response)
    # Remembered whatever its state: a comment approved at once may not be in
    # the page a shared cache still serves, and /reader/state/ shows it there
    # (spam too, silently: its author sees the usual notice).
    cookies.remember_pending(request, response, comment.pk)
    if request.POST.get("confirmed"):
        # Sent from the confirmation page, so probably without the page's
        # script: the comment's own address says what became of it.
        response["Location"] = comment.get_absolute_url()
    return response


def _form_page(
    request: HttpRequest, article, form: CommentForm, *, status: int, confirm=False
) -> HttpResponse:
    """The comment form on a page of its own: what was typed, fresh tokens.

    Private: it shows what one reader typed, and carries their CSRF token.
    """
    data = form.data.copy()
    # A fresh timing token, keeping the time of a valid one: the reader's
    # time on the article page still counts.
    data["token"] = make_token(article, issued=form.issued, staff=form.staff_author)
    if form.errors and form.parent_comment is None:
        # A reply target that was refused is not offered again.
        data["parent"] = ""
    if form.body_too_long:
        # Not shown back, not even cut to the limit: the page stays small
        # whatever was sent (a browser keeps to the box's `maxlength`, so a
        # longer text came from a script or a page made before the limit was
        # lowered), and a cut text is not what the reader wrote, yet one more
        # click would post it. The other fields are kept.
        data["body"] = ""
    form.data = data
    parent = form.parent_comment
    raw = data.get("parent", "")
    if parent is None and raw.isascii() and raw.isdigit() and len(raw) <= 18:
        # The comment a reply was meant for, shown above the form to confirm.
        parent = (
            Comment.objects.approved()
            .filter(pk=int(raw), article=article, removed=False)
            .only("pk", "name", "body_html")
            .first()
        )
    response = TemplateResponse(
        request,
        "comments/comment_form_page.html",
        {
            "article": article,
            "form": form,
            "confirm": confirm,
            "reply_to": parent,
            "is_open": rules.comments_open(article, form.discussion),
            "staff_name": staff_display_name(form.user) if form.staff_author else "",
        },
        status=status,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _confirm(request: HttpRequest, article, form: CommentForm) -> HttpResponse:
    """A post without the page's tokens: show it back, ready to send in one click."""
    form.data = form.data.copy()
    form.data["token"] = ""
    # Only what the reader typed, no judgement yet: errors come with sending.
    form.issued = None
    form._errors = ErrorDict()
    return _form_page(request, article, form, status=200, confirm=True)


def _refused(
    request: HttpRequest, article, form: CommentForm, message: str
) -> HttpResponse:
    """The form refused with one message above it and no other judgement.

    A post without tokens to an article closed to comments (403, text kept),
    or one that could not be read (400, nothing of it shown).
    """
    form.cleaned_data = {}
    form._errors = ErrorDict()
    form.add_error(None, message)
    return _show_again(request, article, form)


def _too_long(request: HttpRequest, article, form: CommentForm) -> HttpResponse:
    """A comment past the limit: its length and the limit, nothing else."""
    if not rules.comments_open(article, form.discussion):
        # Shortening it would not help.
        return _refused(request, article, form, rules.CLOSED_MESSAGE)
    # The form stops at the length (comments/forms.py): that is its one error.
    form.full_clean()
    return _show_again(request, article, form)


def _not_saved(request: HttpRequest, article, form: CommentForm | None) -> HttpResponse:
    """The form as typed with a 503, when storing failed.

    When even that page cannot be made, the plain outage page shows the
    comment text so that the reader can copy it.
    """
    typed = _shown_back(request, form)
    if article is None or form is None:
        return database_unavailable_response(request, comment_text=typed)
    try:
        form.add_error(None, NOT_SAVED_MESSAGE)
        response = _form_page(request, article, form, status=503)
        # A template response renders lazily: render now, inside the `try`.
        response.render()
    except DATABASE_ERRORS as exc:
        log_database_failure(request, exc)
        return database_unavailable_response(request, comment_text=typed)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _shown_back(request: HttpRequest, form: CommentForm | None) -> str:
    """The comment text the outage page may show: readable, and not too long."""
    if form is not None:
        return "" if form.body_too_long else form.data.get("body", "")
    if not _readable(request):
        return ""
    typed = request.POST.get("body", "")
    # The setting could not be read: its highest value is the limit.
    return typed if typed_length(typed) <= COMMENT_LENGTH_CEILING else ""


def _show_again(request: HttpRequest, article, form: CommentForm) -> HttpResponse:
    """The refused form: 400, or 403 when comments are closed."""
    status = 400 if rules.comments_open(article, form.discussion) else 403
    return _form_page(request, article, form, status=status)
