"""What an article page shows of its discussion, built from one query.

The article page asks for a `CommentSection`: the visible comments threaded in
Python (so 1 and 200 comments cost the same single query), the count, whether
the article takes comments, and the form to show: a fresh one, one prefilled
from the reader's remembered details, or the bound form of a refused POST.
"""

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from django.template.context_processors import csrf
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from newsroom import pagecache

from . import cookies, rules
from .forms import CommentForm
from .models import Comment, DiscussionSettings
from .services import staff_display_name

AVATAR_COLOURS = 12
# Characters that reorder the text around them ("Trojan source" spoofing).
# Text in any script displays correctly without them.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
WORD_START = re.compile(r"\b\w", re.UNICODE)
SAFE_URL = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)


def without_bidi_controls(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


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


def staff_title(comment: Comment) -> str:
    """The byline title that marks a reply from the newsroom."""
    profile = getattr(comment.user, "contributor", None)
    return (profile.byline_title if profile else "") or "Staff"


@dataclass
class CommentNode:
    comment: Comment
    level: int
    can_reply: bool
    children: list["CommentNode"] = field(default_factory=list)

    @property
    def awaiting_moderation(self) -> bool:
        return self.comment.status != Comment.Status.APPROVED

    @property
    def website(self) -> str:
        """The author's web address, if it is one a link may point to.

        The form only takes http and https; this guards against anything
        stored some other way (a script, the shell).
        """
        website = self.comment.website.strip()
        return website if SAFE_URL.match(website) else ""

    @property
    def initials(self) -> str:
        return initials(self.comment.name)

    @property
    def avatar_colour(self) -> int:
        return avatar_colour(self.comment.name)

    @property
    def staff_title(self) -> str:
        return staff_title(self.comment) if self.comment.user_id else ""


@dataclass
class CommentSection:
    article: object
    count: int
    is_open: bool
    form: CommentForm | None
    reply_to: Comment | None
    # The page shows something of this reader's own (their pending comment or
    # email address): it must not be stored by shared caches.
    personal: bool
    # The discussion is shown 50 top-level comments (with their replies) at a
    # time: `page` of `page_count`, asked for with ?cpage=N.
    page: int = 1
    page_count: int = 1
    load_nodes: object = None

    @cached_property
    def nodes(self) -> list[CommentNode]:
        """This page's threads. Not read at all when the thread's HTML is cached."""
        return self.load_nodes()

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
    def form_is_shared(self) -> bool:
        """Whether the form is the one every anonymous reader gets here."""
        return (
            self.form is not None
            and not self.personal
            and not self.form.is_bound
            and not self.form.staff_author
        )

    def shared_form_html(self, request: HttpRequest) -> str:
        """The rendered form, kept until the next change, with this reader's tokens.

        Rendering the form is the dearest part of an article page. Readers'
        forms differ only in the CSRF token and the signed timing token (and
        the comment replied to, which is part of the key), so one rendering
        serves everyone, with both tokens put in for each reader.
        """
        reply = self.reply_to.pk if self.reply_to else 0

        def render() -> bytes:
            html = render_crispy_form(
                self.form, context={"request": request, **csrf(request)}
            )
            return pagecache.with_holes(html.encode())

        stored = pagecache.memo(
            request, f"comment-form:{self.article.pk}:{reply}", render
        )
        return mark_safe(pagecache.filled(request, stored, self.article.pk).decode())

    @property
    def staff_name(self) -> str:
        """The name a logged-in staff member writes under."""
        if self.form is None or not self.form.staff_author:
            return ""
        return staff_display_name(self.form.user)

    @property
    def closed_attempt(self) -> bool:
        """A refused POST to a closed article: show what the reader wrote."""
        return not self.is_open and self.form is not None and self.form.is_bound


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
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= page_count:
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


def _visible_comments(article, request: HttpRequest) -> list[Comment]:
    shown = Q(status=Comment.Status.APPROVED)
    own = cookies.read_pending(request)
    if own:
        # Spam too: its author sees the usual notice and never learns otherwise.
        shown |= Q(pk__in=own, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
    return list(
        Comment.objects.filter(shown, article=article)
        .select_related("user__contributor")
        # Never even loaded for a reader's page: nothing can print them.
        .defer("email", "ip_address", "user_agent", "reason")
        .order_by("created_at", "pk")
    )


def _thread(comments: list[Comment], *, max_level: int, is_open: bool):
    """Nest replies under their parents, oldest first, at most `max_level` deep.

    A reply whose parent is not shown (trashed later, say) stands at the top
    level. Below the deepest level, replies follow their parent in time order.
    """
    ids = {comment.pk for comment in comments}
    replies = defaultdict(list)
    roots = []
    for comment in comments:
        if comment.parent_id in ids and comment.parent_id != comment.pk:
            replies[comment.parent_id].append(comment)
        else:
            roots.append(comment)

    def node(comment: Comment, level: int) -> CommentNode:
        can_reply = (
            is_open
            and comment.status == Comment.Status.APPROVED
            and not comment.removed
            and comment.depth < max_level
        )
        return CommentNode(comment=comment, level=level, can_reply=can_reply)

    def descendants(comment: Comment) -> list[Comment]:
        found, stack, seen = [], list(replies[comment.pk]), {comment.pk}
        while stack:
            current = stack.pop()
            if current.pk in seen:
                continue
            seen.add(current.pk)
            found.append(current)
            stack.extend(replies[current.pk])
        return sorted(found, key=lambda c: (c.created_at, c.pk))

    def nest(siblings: list[Comment], level: int) -> list[CommentNode]:
        nodes = []
        for comment in siblings:
            current = node(comment, level)
            nodes.append(current)
            if level < max_level:
                current.children = nest(replies[comment.pk], level + 1)
            else:
                nodes.extend(node(reply, level) for reply in descendants(comment))
        return nodes

    return nest(roots, 1)


def _reply_target(raw, comments: dict[int, Comment], max_level: int):
    """The approved comment a reader asked to reply to, or None for anything else."""
    try:
        comment = comments.get(int(raw))
    except (TypeError, ValueError, OverflowError):
        return None
    if (
        comment is None
        or comment.status != Comment.Status.APPROVED
        or comment.removed
        or comment.depth >= max_level
    ):
        return None
    return comment


def comment_section(request: HttpRequest, article) -> CommentSection:
    """Everything the article page shows of its discussion.

    A reader with no pending comment of their own sees what everyone sees:
    the count and page numbers come from one small aggregate query, and the
    comments themselves are loaded only if the thread's HTML is not in the
    fragment cache. A reader with pending comments gets them loaded and
    threaded in place (one query).
    """
    cached = getattr(request, "_comment_sections", {})
    if article.pk in cached:
        return cached[article.pk]
    discussion = pagecache.memo(request, "discussion", DiscussionSettings.load)
    is_open = rules.comments_open(article, discussion)
    max_level = discussion.thread_depth
    own = cookies.read_pending(request)

    # Loaded at once when the reader has comments of their own waiting, or
    # when no fragment is kept (the thread will be rendered anyway): one query
    # gives the count, the pages and the thread.
    if own or not pagecache.fragment_seconds(request):
        comments = _visible_comments(article, request)
        roots = _thread(comments, max_level=max_level, is_open=is_open)
        count = sum(1 for c in comments if c.status == Comment.Status.APPROVED)
        personal = count < len(comments)
        root_count = len(roots)

        def reply_target(raw):
            by_id = {comment.pk: comment for comment in comments}
            return _reply_target(raw, by_id, max_level)

        def page_nodes(number):
            start = (number - 1) * threads_per_page()
            return lambda: roots[start : start + threads_per_page()]
    else:
        # Kept with the fragments: on a page whose thread is cached, the
        # discussion costs no query at all.
        totals = pagecache.memo(
            request,
            f"discussion-counts:{article.pk}",
            lambda: (
                Comment.objects.approved()
                .filter(article=article)
                .aggregate(
                    count=Count("pk"), roots=Count("pk", filter=Q(parent__isnull=True))
                )
            ),
        )
        count, root_count = totals["count"], totals["roots"]
        personal = False

        def reply_target(raw):
            try:
                wanted = int(raw)
            except (TypeError, ValueError, OverflowError):
                return None
            if not 0 < wanted < 2**63:
                return None
            target = Comment.objects.approved().filter(pk=wanted, article=article)
            return _reply_target(wanted, {c.pk: c for c in target}, max_level)

        def page_nodes(number):
            def load():
                comments = _visible_comments(article, request)
                roots = _thread(comments, max_level=max_level, is_open=is_open)
                start = (number - 1) * threads_per_page()
                return roots[start : start + threads_per_page()]

            return load

    page_count = max(1, -(-root_count // threads_per_page()))
    page = requested_page(request, page_count)

    form = getattr(request, "comment_form", None)
    if form is not None and form.article.pk != article.pk:
        form = None
    if form is not None:
        reply_to = reply_target(form.data.get("parent"))
        # A refused form shows back whatever the reader typed.
        personal = True
    else:
        raw = request.GET.get("replytocom")
        reply_to = reply_target(raw) if raw else None
        if is_open:
            initial = {"parent": reply_to.pk if reply_to else None}
            remembered = cookies.read_author(request)
            if remembered:
                initial |= remembered | {"remember": True}
                personal = True
            form = CommentForm(
                article=article,
                user=request.user,
                discussion=discussion,
                initial=initial,
            )
    if not is_open:
        reply_to = None

    section = CommentSection(
        article=article,
        count=count,
        is_open=is_open,
        form=form,
        reply_to=reply_to,
        personal=personal,
        page=page,
        page_count=page_count,
        load_nodes=page_nodes(page),
    )
    request._comment_sections = {**cached, article.pk: section}
    # Read by comments.middleware: vary on cookies, and keep personal pages
    # out of shared caches.
    request.comments_shown = True
    request.comments_personal = getattr(request, "comments_personal", False) or (
        section.personal
    )
    return section
