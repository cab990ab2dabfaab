"""What an article page shows of its discussion: the same for every reader.

`comment_section` gives the article page its discussion from two queries (the
settings row and the approved comments), threaded in Python, one page of 50
threads at a time. Nothing in it belongs to one reader: their remembered
details, their own pending comments and the form's tokens come from
`/reader/state/` (comments/state.py), so the page can be shared by every
cache on the way. Only a logged-in staff member, whose page is private, gets
the form made out for them.

A thread is rendered to HTML here, in one pass, from the text each comment
keeps rendered (`Comment.body_html`): no template per comment.
"""

import re
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.pagecache import carries_identity

from .forms import CommentForm, make_token
from .models import Comment, DiscussionSettings
from .rules import comments_open
from .services import staff_display_name
from .text import without_bidi_controls
from .threads import CommentNode, ShownComment, reply_target, shown_comments, thread

AVATAR_COLOURS = 12
WORD_START = re.compile(r"\b\w", re.UNICODE)
SAFE_URL = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)


def comment_date(moment) -> str:
    """ "2 December 2026 at 18:05": a date that stays true on a kept page.

    Django's dateformat with "j F Y \\a\\t H:i" gives the same, in many times
    the time; a discussion prints fifty.
    """
    return f"{moment.day} {MONTHS[moment.month]} {moment.year} at {moment:%H:%M}"


def initials(name: str) -> str:
    """Up to two letters for the avatar: first and last word ("Rita Reader": RR)."""
    starts = [m.group(0) for m in WORD_START.finditer(name) if m.group(0) != "_"]
    if not starts:
        return "?"
    letters = starts[0] if len(starts) == 1 else starts[0] + starts[-1]
    return letters.upper()


def avatar_colour(name: str) -> int:
    """A colour number from the NAME (never the email: its hash could be reversed)."""
    return zlib.crc32(name.strip().casefold().encode()) % AVATAR_COLOURS


def safe_website(website: str) -> str:
    """The author's web address, if it is one a link may point to.

    The form only takes http and https; this guards against anything stored
    some other way (a script, the shell).
    """
    website = website.strip()
    return website if SAFE_URL.match(website) else ""


def render_comment(node: CommentNode, *, article_url: str) -> str:
    """One comment and its replies as an `<li>`, escaped here and only here."""
    comment = node.comment
    name = escape(without_bidi_controls(comment.name))
    pending = comment.status != Comment.Status.APPROVED
    classes = ["comment", f"depth-{node.level}"]
    if pending:
        classes.append("comment-pending")
    if comment.staff_title:
        classes.append("comment-by-staff")
    if comment.removed:
        classes.append("comment-removed")
    parts = [
        f'<li id="comment-{comment.pk}" class="{" ".join(classes)}">'
        '<article class="comment-body">',
        _comment_header(comment, name),
    ]
    if pending:
        parts.append(
            '<p class="comment-awaiting-moderation">'
            "Your comment is awaiting moderation.</p>"
        )
    if comment.removed:
        parts.append('<p class="comment-removed-text">This comment was removed.</p>')
    else:
        parts.append(
            f'<div class="comment-content" dir="auto">{comment.body_html}</div>'
        )
    if node.can_reply:
        parts.append(
            '<p class="comment-reply"><a class="comment-reply-link" '
            f'href="{escape(article_url)}?replytocom={comment.pk}#respond" '
            f'data-comment-id="{comment.pk}" data-author="{name}" '
            f'aria-label="Reply to {name}">Reply</a></p>'
        )
    parts.append("</article>")
    if node.children:
        parts.append('<ol class="children list-unstyled">')
        parts.extend(
            render_comment(child, article_url=article_url) for child in node.children
        )
        parts.append("</ol>")
    parts.append("</li>")
    return "".join(parts)


def _comment_header(comment: ShownComment, name: str) -> str:
    """Avatar, author (linked to their site), staff title and permalinked date."""
    website = safe_website(comment.website)
    author = (
        f'<a class="url" href="{escape(website)}" rel="nofollow ugc noopener">'
        f"{name}</a>"
        if website
        else name
    )
    title = comment.staff_title
    created = timezone.localtime(comment.created_at)
    return (
        '<header class="comment-meta">'
        f'<span class="comment-avatar avatar-c{avatar_colour(comment.name)}" '
        f'aria-hidden="true">{escape(initials(comment.name))}</span>'
        '<div class="comment-meta-text">'
        f'<span class="comment-author"><bdi>{author}</bdi></span>'
        + (
            f' <span class="comment-staff-title">{escape(title)}</span>'
            if title
            else ""
        )
        + f' <a class="comment-permalink" href="#comment-{comment.pk}">'
        f'<time datetime="{created.isoformat()}">'
        f"{comment_date(created)}</time></a></div></header>"
    )


@dataclass
class CommentSection:
    article: object
    count: int
    is_open: bool
    form: CommentForm | None
    reply_to: ShownComment | None
    # Made out for a logged-in staff member: private, with the form's tokens.
    personal: bool
    nodes: list[CommentNode]
    # The discussion is shown 50 top-level comments (with their replies) at a
    # time: `page` of `page_count`, asked for with ?cpage=N.
    page: int = 1
    page_count: int = 1

    @cached_property
    def thread_html(self) -> SafeString:
        url = self.article.get_absolute_url()
        return mark_safe(
            "".join(render_comment(node, article_url=url) for node in self.nodes)
        )

    @property
    def pages(self) -> list[dict]:
        """Links to every page of the discussion, for the page navigation."""
        return [
            {"number": number, "url": comment_page_url(self.article, number)}
            for number in range(1, self.page_count + 1)
        ]

    @property
    def older_url(self) -> str:
        return comment_page_url(self.article, self.page - 1) if self.page > 1 else ""

    @property
    def newer_url(self) -> str:
        if self.page >= self.page_count:
            return ""
        return comment_page_url(self.article, self.page + 1)

    @property
    def staff_name(self) -> str:
        """The name a logged-in staff member writes under."""
        if self.form is None or not self.form.staff_author:
            return ""
        return staff_display_name(self.form.user)


def threads_per_page() -> int:
    return max(1, settings.NEWSROOM_COMMENT_THREADS_PER_PAGE)


def comment_page_url(article, number: int) -> str:
    base = article.get_absolute_url()
    return f"{base}?cpage={number}#comments" if number > 1 else f"{base}#comments"


def requested_page(request: HttpRequest, page_count: int) -> int:
    """The ?cpage=N asked for; 404 for anything but a page that exists."""
    raw = request.GET.get("cpage")
    if raw is None:
        return 1
    # Short enough before int(): Python refuses over 4,300 digits.
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise Http404("There is no such page of comments.")
    if not 1 <= int(raw) <= page_count:
        raise Http404("There is no such page of comments.")
    return int(raw)


def comment_page_number(comment: Comment) -> int:
    """The page of its article's discussion that shows `comment` (one query).

    Its thread's top-level comment decides: the page is counted among the
    approved top-level comments, oldest first, as the article page pages them.
    """
    rows = {
        pk: (parent_id, created_at, status)
        for pk, parent_id, created_at, status in Comment.objects.filter(
            Q(status=Comment.Status.APPROVED) | Q(pk=comment.pk),
            article_id=comment.article_id,
        ).values_list("pk", "parent_id", "created_at", "status")
    }
    root, seen = comment.pk, set()
    while rows.get(root, (None,))[0] in rows and root not in seen:
        seen.add(root)
        root = rows[root][0]
    if root not in rows:
        return 1
    position = (rows[root][1], root)
    before = sum(
        1
        for pk, (parent_id, created_at, status) in rows.items()
        if status == Comment.Status.APPROVED
        and (parent_id is None or parent_id not in rows)
        and (created_at, pk) < position
    )
    return before // threads_per_page() + 1


def comment_location(comment: Comment) -> str:
    """The address of `comment` on its article page, on the right page."""
    number = comment_page_number(comment)
    base = comment.article.get_absolute_url()
    query = f"?cpage={number}" if number > 1 else ""
    return f"{base}{query}#comment-{comment.pk}"


def staff_author(request: HttpRequest):
    """The logged-in staff member reading, or None (without touching the session
    of a reader who has none)."""
    if not carries_identity(request):
        return None
    user = request.user
    return user if user.is_authenticated and user.is_staff else None


def comment_section(request: HttpRequest, article) -> CommentSection:
    """Everything the article page shows of its discussion (two queries)."""
    discussion = DiscussionSettings.load()
    is_open = comments_open(article, discussion)
    max_level = discussion.thread_depth
    comments = shown_comments(Q(article=article, status=Comment.Status.APPROVED))
    roots = thread(comments, max_level=max_level, is_open=is_open)
    page_count = max(1, -(-len(roots) // threads_per_page()))
    page = requested_page(request, page_count)
    start = (page - 1) * threads_per_page()

    staff = staff_author(request)
    reply_to = form = None
    if is_open:
        raw = request.GET.get("replytocom")
        reply_to = reply_target(raw, comments, max_level) if raw else None
        initial = {"parent": reply_to.pk if reply_to else None}
        if staff is not None:
            # A staff page is private: the form carries its token.
            initial["token"] = make_token(article, staff=True)
        form = CommentForm(
            article=article, user=staff, discussion=discussion, initial=initial
        )
    return CommentSection(
        article=article,
        count=len(comments),
        is_open=is_open,
        form=form,
        reply_to=reply_to,
        personal=staff is not None,
        nodes=roots[start : start + threads_per_page()],
        page=page,
        page_count=page_count,
    )
