"""What `/reader/state/` says of a reader's own part in a discussion.

- `author`: the name, email and website the reader asked us to remember (the
  reader's own email, from their own signed cookie; nobody else's);
- `form_token`: the comment form's timing token, issued now, when the
  article takes comments;
- `pending`: the reader's own recent comments on this article, as the HTML
  the page shows them with: those still waiting for a moderator (marked so),
  and approved ones that a page kept by a shared cache may not show yet (the
  page's script skips any it already has).
"""

from django.db.models import Q
from django.http import HttpRequest

from articles.models import Article
from newsroom.readerstate import id_parameter

from . import cookies
from .display import render_comment, staff_author
from .forms import signed_form_token
from .models import Comment, DiscussionSettings
from .rules import comments_open
from .threads import CommentNode, shown_comments


def comment_state(request: HttpRequest) -> dict:
    state = {"author": cookies.read_author(request) or None}
    article_id = id_parameter(request, "article")
    if article_id is None:
        return state
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        return state
    discussion = DiscussionSettings.load()
    if comments_open(article, discussion):
        staff = staff_author(request) is not None
        state["form_token"] = signed_form_token(article.pk, staff=staff)
    own = cookies.read_pending(request)
    if own:
        # Spam too: its author sees the usual notice and never learns otherwise.
        # Approved ones too: a page kept by a shared cache may predate them.
        waiting = shown_comments(
            Q(
                pk__in=own,
                article=article,
                status__in=[
                    Comment.Status.PENDING,
                    Comment.Status.SPAM,
                    Comment.Status.APPROVED,
                ],
            )
        )
        url = article.get_absolute_url()
        state["pending"] = [
            {
                "id": comment.pk,
                "parent": comment.parent_id,
                "html": render_comment(
                    CommentNode(
                        comment=comment,
                        level=min(comment.depth, discussion.thread_depth),
                        can_reply=False,
                    ),
                    article_url=url,
                ),
            }
            for comment in waiting
        ]
    return state
