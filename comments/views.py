"""The comment form's POST endpoint.

Success stores the comment through `comment_submit` and redirects to it
(post/redirect/get). Any refusal shows the article page again, through the
articles app's own view, with the bound form: every message at its field,
everything typed kept, nothing stored. So does a database that cannot take
the comment just now (503): what the reader typed is never silently lost.
"""

import ipaddress

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.services import client_address
from articles.views import ArticleDetailView
from newsroom.middleware import (
    DATABASE_ERRORS,
    RETRY_AFTER_SECONDS,
    database_unavailable_response,
    log_database_failure,
)

from . import cookies, rules
from .display import comment_location
from .forms import CommentForm, make_token
from .models import Comment
from .services import comment_submit

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
        Comment.objects.filter(visible, article__in=Article.objects.published())
        .select_related("article")
        .only("pk", "article_id", "parent_id", "created_at", "status", "article__slug"),
        pk=comment_id,
    )
    return HttpResponseRedirect(comment_location(comment))


@require_POST
@csrf_protect
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = form = None
    try:
        article = get_object_or_404(Article.objects.published(), pk=article_id)
        form = CommentForm(
            request.POST,
            article=article,
            user=request.user,
            ip_address=_ip_or_none(client_address(request)),
        )
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
        site_url=request.build_absolute_uri("/"),
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
    if comment.status in (Comment.Status.PENDING, Comment.Status.SPAM):
        # Spam too, silently: its author sees the usual notice.
        cookies.remember_pending(request, response, comment.pk)
    request.comments_personal = True
    return response


def _not_saved(request: HttpRequest, article, form: CommentForm | None) -> HttpResponse:
    """The article page with the form as typed and a 503, when storing failed.

    The form keeps its token (it was issued when the reader opened the page, so
    sending again at once does not look too quick) and its reply target. When
    even the article page cannot be read, the plain outage page shows the
    comment text so that the reader can copy it.
    """
    typed = request.POST.get("body", "")
    if article is None or form is None:
        return database_unavailable_response(request, comment_text=typed)
    try:
        form.add_error(None, NOT_SAVED_MESSAGE)
        response = _article_page(request, article, form)
        # A template response renders lazily: render now, inside the `try`.
        if hasattr(response, "render"):
            response.render()
    except DATABASE_ERRORS as exc:
        log_database_failure(request, exc)
        return database_unavailable_response(request, comment_text=typed)
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _show_again(request: HttpRequest, article, form: CommentForm) -> HttpResponse:
    """The article page with the refused form: 400, or 403 when comments are closed."""
    status = 400 if rules.comments_open(article, form.discussion) else 403
    # Send the form back with a fresh timing token (an expired or damaged one
    # would fail again), and without a reply target that was refused.
    data = form.data.copy()
    data["token"] = make_token(article)
    if form.parent_comment is None:
        data["parent"] = ""
    form.data = data
    response = _article_page(request, article, form)
    response.status_code = status
    return response


def _article_page(request: HttpRequest, article, form: CommentForm) -> HttpResponse:
    """The article page through its own view, with `form` as its comment form.

    The comment section marks the page private: a bound form shows what the
    reader typed.
    """
    request.comment_form = form
    view = ArticleDetailView()
    view.setup(request, slug=article.slug)
    return view.get(request, slug=article.slug)
