"""Every write that changes what readers see shows at once, with the caches on.

One table: each row is a write and a page that shows it. An anonymous reader
warms the page (and sees the old state), the write happens and commits, and
the next anonymous reader sees the new state. Writes go through the public
surface: services, admin actions and forms, the comment form, management
commands. Time is a fake clock, never a sleep.
"""

import io
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag
from articles.services import article_unpublish
from comments.models import Comment
from comments.services import comment_moderate, comment_submit
from tests.conftest import comment_token

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
COMMENT_ID = re.compile(r'id="comment-(\d+)"')
SUBJECT = {"name": "Sam Subject", "email": "sam@example.net", "body": "Subject remark"}
EDITED = {**SUBJECT, "body": "Amended remark"}
TITLE, NEW_TITLE = "Cached story", "Corrected headline"
CLOSED = "Comments are closed."
READER_SENT = {"ip_address": None, "user_agent": READER_UA}
APPROVED, PENDING = Comment.Status.APPROVED, Comment.Status.PENDING
PER_PAGE = django_settings.NEWSROOM_COMMENT_THREADS_PER_PAGE
FILLERS = PER_PAGE + 1  # approved threads in the scene: page 2 always exists


@pytest.fixture(autouse=True)
def _caches_on(settings):
    # As shipped (tests/settings.py), said here since it is what is tested.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def clock():
    """`timezone.now` and `time.time` moved on together by `clock.advance(s)`."""
    real_now, real_time = timezone.now, time.time
    fake = SimpleNamespace(offset=0.0)
    fake.advance = lambda seconds: setattr(fake, "offset", fake.offset + seconds)

    def now():
        return real_now() + timedelta(seconds=fake.offset)

    with (
        mock.patch("django.utils.timezone.now", now),
        mock.patch("time.time", lambda: real_time() + fake.offset),
    ):
        yield fake


def reader() -> Client:
    return Client(HTTP_USER_AGENT=READER_UA)


def add_comments(article, count: int, *, hours_ago: float, fields: Callable) -> list:
    """`count` comments made `hours_ago`; `fields(n)` gives the n-th one's fields."""
    made = [Comment.objects.create(article=article, **fields(n)) for n in range(count)]
    when = timezone.now() - timedelta(hours=hours_ago)
    Comment.objects.filter(pk__in=[c.pk for c in made]).update(created_at=when)
    return made


def filler(n: int) -> dict:
    name, email, body = f"Filler {n}", f"filler{n}@example.org", f"Thought {n}."
    return {"name": name, "email": email, "body": body, "status": APPROVED}


@pytest.fixture
def scene(make_article, category, tag, contributor, discussion, admin_client, clock):
    """A story a day old, with one more approved thread than a page holds."""
    Category.objects.create(name="Climate", slug="climate")
    Tag.objects.create(name="Energy", slug="energy")
    Contributor.objects.create(name="Bo Writer", slug="bo-writer")
    article = make_article(
        title=TITLE,
        slug="cached-story",
        dek="A zeppelin over the harbour.",
        categories=[category],
        tags=[tag],
    )
    # Its neighbour keeps the month's archive alive when the story goes.
    earlier = article.published_at - timedelta(minutes=1)
    make_article(title="Steady story", slug="steady", published_at=earlier)
    Article.objects.update(updated_at=F("published_at"))
    article.refresh_from_db()
    add_comments(article, FILLERS, hours_ago=12, fields=filler)
    scene = SimpleNamespace(article=article, admin=admin_client, clock=clock)
    scene.category = scene.focus_category = category
    scene.tag = scene.focus_tag = tag
    scene.contributor = scene.focus_contributor = contributor
    scene.focus, scene.subjects = article, []
    return scene


# Writes ------------------------------------------------------------------------------


def subjects(status: str) -> Callable:
    """Two comments by Sam Subject: the oldest (page 1) and the newest (page 2)."""

    def setup(s) -> None:
        for hours in (20, 1):
            s.subjects += add_comments(s.article, 1, hours_ago=hours, fields=sam)

    def sam(n: int) -> dict:
        return {**SUBJECT, "status": status}

    return setup


def ids(s) -> list[int]:
    return [comment.pk for comment in s.subjects]


def admin_post(s, url: str, data: dict, expected: str | None = None) -> None:
    response = s.admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert expected is None or response["Location"] == expected


def admin_action(app: str, action: str) -> Callable:
    """An action on the focused article, or on Sam Subject's comments."""

    def write(s) -> None:
        selected = ids(s) if app == "comments" else [s.focus.pk]
        data = {"action": action, "_selected_action": selected, "index": 0}
        url = reverse(f"admin:{app}_{app[:-1]}_changelist")
        url += "?status=all" if app == "comments" else ""  # not only the queue
        admin_post(s, url, data, expected=url)

    return write


def each_subject(url_name: str, **data) -> Callable:
    def write(s) -> None:
        for pk in ids(s):
            url = reverse(f"admin:comments_comment_{url_name}", args=[pk])
            admin_post(s, url, data)

    return write


def discussion(**changes) -> Callable:
    """Save the discussion settings through their admin page."""

    def write(s) -> None:
        data = {"hold_all": "on", "approve_known_authors": "on", "hold_link_count": 2}
        data |= {"flood_seconds": 15, "min_fill_seconds": 3, "thread_depth": 5}
        data |= {"max_comment_length": 10_000}
        url = reverse("admin:comments_discussionsettings_change", args=[1])
        admin_post(s, url, {"close_after_days": "", **data, **changes}, url)

    return write


def trusted_comment(s) -> None:
    """A reader whose name and email already have an approved comment."""
    data = {**filler(0), "body": "A trusted word.", "website": "", "honeypot": ""}
    response = reader().post(
        reverse("comments:post", args=[s.article.pk]),
        {**data, "token": comment_token(s.article)},
        REMOTE_ADDR="192.0.2.77",
        HTTP_USER_AGENT=READER_UA,
    )
    assert response.status_code in (302, 303)
    comment = Comment.objects.get(body="A trusted word.")
    assert comment.status == APPROVED, comment.reason


def staff_reply(s) -> None:
    """A logged-in staff member's reply: approved at once, under their name."""
    staff = get_user_model().objects.create_user("desk", is_staff=True)
    text = {"name": "", "email": "", "website": "", "body": "A trusted word."}
    comment_submit(
        article=s.article, parent=s.subjects[-1], user=staff, **text, **READER_SENT
    )


def change(target: str, **fields) -> Callable:
    def write(s) -> None:
        obj = getattr(s, target)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()

    return write


def delete(target: str) -> Callable:
    return lambda s: getattr(s, target).delete()


def draft(s, seconds: float | None = None) -> None:
    """Fresh news: a draft, or scheduled `seconds` from now."""
    s.focus = Article.objects.create(
        title="Fresh news",
        slug="fresh-news",
        dek="Another zeppelin sighting.",
        body="News.",
        contributor=s.contributor,
        status="draft" if seconds is None else Article.Status.PUBLISHED,
        published_at=seconds and timezone.now() + timedelta(seconds=seconds),
    )
    s.focus.categories.set([s.category])
    s.focus.tags.set([s.tag])


def focus(kind: str) -> Callable:
    """Point the scene's pages at the section, tag or writer with no articles."""
    model, slug = {"category": (Category, "climate"), "tag": (Tag, "energy")}.get(
        kind, (Contributor, "bo-writer")
    )
    return lambda s: setattr(s, f"focus_{kind}", model.objects.get(slug=slug))


def link(kind: str, action: str) -> Callable:
    """Add the focused category or tag to the article, or remove its own."""
    manager = {"category": "categories", "tag": "tags"}[kind]
    target = f"focus_{kind}" if action == "add" else kind
    return lambda s: getattr(getattr(s.article, manager), action)(getattr(s, target))


def moderate(status: str) -> Callable:
    def write(s) -> None:
        comments = Comment.objects.filter(pk__in=ids(s))
        comment_moderate(comments=comments, status=status, moderator=None)

    return write


def erase(s) -> None:
    call_command("comments_erase", SUBJECT["email"], "--yes", stdout=io.StringIO())


def unpublish(s) -> None:
    article_unpublish(articles=Article.objects.filter(pk=s.article.pk))


# Each write, and what it needs done first.
WRITES = {
    "article-title": (change("article", title=NEW_TITLE), None),
    "article-delete": (delete("article"), None),
    "publish": (admin_action("articles", "publish_now"), draft),
    "unpublish": (unpublish, None),
    "scheduled-due": (lambda s: s.clock.advance(90), lambda s: draft(s, seconds=60)),
    "category-save": (change("category", description="Machines."), None),
    "category-rename": (change("category", name="Machine learning"), None),
    "category-delete": (delete("category"), None),
    "tag-rename": (change("tag", name="Breakthroughs"), None),
    "tag-delete": (delete("tag"), None),
    "contributor-save": (change("contributor", byline_title="Science editor"), None),
    "contributor-rename": (change("contributor", name="Ada Lovelace"), None),
    "contributor-delete": (delete("focus_contributor"), focus("contributor")),
    "category-added": (link("category", "add"), focus("category")),
    "category-removed": (link("category", "remove"), None),
    "tag-added": (link("tag", "add"), focus("tag")),
    "tag-removed": (link("tag", "remove"), None),
    "comment-trusted": (trusted_comment, discussion(hold_all="")),
    "comment-staff-reply": (staff_reply, subjects(APPROVED)),
    "comment-approved": (admin_action("comments", "approve"), subjects(PENDING)),
    "comment-spammed": (moderate(Comment.Status.SPAM), subjects(APPROVED)),
    "comment-trashed": (each_subject("moderate", status="trash"), subjects(APPROVED)),
    "comment-edited": (each_subject("change", **EDITED), subjects(APPROVED)),
    "comment-deleted": (each_subject("delete", post="yes"), subjects(APPROVED)),
    "comment-erased": (erase, subjects(APPROVED)),
    "comments-closed": (discussion(close_after_days=1), None),
    "replies-off": (discussion(thread_depth=1), subjects(APPROVED)),
}  # fmt: skip


# Pages and what they must show -------------------------------------------------------


def page_url(s, where: str) -> str:
    month = timezone.localtime(s.focus.published_at or None)
    article, main = s.focus.get_absolute_url(), s.article.get_absolute_url()
    category, tag = s.focus_category.get_absolute_url(), s.focus_tag.get_absolute_url()
    writer = s.focus_contributor.get_absolute_url()
    paths = {
        "article": article, "comments-1": main, "comments-2": f"{main}?cpage=2",
        "home": "/", "category": category, "tag": tag, "contributor": writer,
        "archive": f"/{month:%Y}/{month:%m}/", "search": "/search/?q=zeppelin",
        "feed": "/feed/", "category-feed": f"{category}feed/",
        "tag-feed": f"{tag}feed/", "contributor-feed": f"{writer}feed/",
        "comment-feed": f"{article}comments/feed/",
        "comment-feed-atom": f"{article}comments/feed/atom/",
        "sitemap": "/sitemap.xml",
    }  # fmt: skip
    return paths.get(where) or f"/{where}.xml"  # the sitemap's sections


def articles_lastmod(content: bytes) -> datetime | None:
    """The lastmod the sitemap index gives its articles section."""
    space = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for entry in ET.fromstring(content).iter(f"{space}sitemap"):
        if entry.findtext(f"{space}loc").endswith("/sitemap-articles.xml"):
            lastmod = entry.findtext(f"{space}lastmod")
            return datetime.fromisoformat(lastmod) if lastmod else None
    raise AssertionError("no articles section in the sitemap index")


@dataclass(frozen=True)
class Expect:
    """What a reader gets: a status, texts shown and not shown, a lastmod."""

    status: int = 200
    shown: tuple = ()
    hidden: tuple = ()
    lastmod_of: str = ""  # the scene's article whose update time the index gives

    def check(self, s, response) -> None:
        assert response.status_code == self.status
        if self.status != 200:
            return
        content = response.content.decode()
        assert [text for text in self.shown if text not in content] == []
        assert [text for text in self.hidden if text in content] == []
        if self.lastmod_of:
            article = getattr(s, self.lastmod_of)
            article.refresh_from_db()
            shown = articles_lastmod(response.content)
            assert abs(shown - article.updated_at) < timedelta(seconds=1)


def replace(old: str, new: str) -> tuple[Expect, Expect]:
    return Expect(200, (old,), (new,)), Expect(200, (new,), (old,))


def appear(new: str) -> tuple[Expect, Expect]:
    return Expect(hidden=(new,)), Expect(shown=(new,))


def vanish(old: str) -> tuple[Expect, Expect]:
    return Expect(shown=(old,)), Expect(hidden=(old,))


def to_404(old: str) -> tuple[Expect, Expect]:
    return Expect(shown=(old,)), Expect(status=404)


def from_404(new: str) -> tuple[Expect, Expect]:
    return Expect(status=404), Expect(shown=(new,))


def lastmod(before: str, after: str) -> tuple[Expect, Expect]:
    return Expect(lastmod_of=before), Expect(lastmod_of=after)


def count(extra: int) -> str:
    return f">{FILLERS + extra} Comments<"


LISTS = "home category tag contributor archive search"
FEEDS = "feed category-feed tag-feed contributor-feed"
COMMENT_FEEDS = "comment-feed comment-feed-atom"
THREADS = f"comments-1 comments-2 {COMMENT_FEEDS}"
COUNTS = f"comments-1 comments-2 {LISTS}"
NAMED = f"article comments-2 {LISTS}"
LINKED = 'href="/articles/cached-story/"'
ITEM = f"<title>{TITLE}</title>"


def article_goes(write: str) -> list:
    return [
        (write, "article comments-2 comment-feed", to_404(TITLE)),
        (write, f"{LISTS} {FEEDS}", vanish(TITLE)),
        (write, "sitemap-articles", vanish("/articles/cached-story/</loc>")),
    ]


def article_comes(write: str) -> list:
    return [
        (write, "article", from_404("Fresh news")),
        (write, f"{LISTS} {FEEDS}", appear("Fresh news")),
        (write, "sitemap-articles", appear("/articles/fresh-news/</loc>")),
        (write, "sitemap", lastmod("article", "focus")),
    ]


def comments_come(write: str, body: str, counts: tuple[int, int]) -> list:
    # Sam Subject's oldest comment is on page 1; anything new goes last.
    pages = THREADS if body == SUBJECT["body"] else f"comments-2 {COMMENT_FEEDS}"
    return [
        (write, pages, appear(body)),
        (f"{write}/count", COUNTS, replace(*map(count, counts))),
    ]


def comments_go(write: str) -> list:
    return [
        (write, THREADS, vanish(SUBJECT["body"])),
        (f"{write}/count", COUNTS, replace(count(2), count(0))),
    ]


TABLE = [
    ("article-title", f"{NAMED} {FEEDS} {COMMENT_FEEDS}", replace(TITLE, NEW_TITLE)),
    ("article-title", "sitemap", lastmod("article", "article")),
    *article_goes("article-delete"),
    *article_goes("unpublish"),
    *article_comes("publish"),
    *article_comes("scheduled-due"),
    ("category-save", "category", appear("Machines.")),
    ("category-save", "category-feed", replace("The latest in AI.", "Machines.")),
    ("category-rename", f"{NAMED} {FEEDS}", replace(">AI<", ">Machine learning<")),
    ("category-delete", "category category-feed", to_404(">AI<")),
    ("category-delete", "article home tag search", vanish('href="/category/ai/"')),
    ("category-delete", "feed", vanish("<category>AI</category>")),
    ("category-delete", "sitemap-categories", vanish("/category/ai/</loc>")),
    ("tag-rename", f"{NAMED} {FEEDS}", replace(">Innovation<", ">Breakthroughs<")),
    ("tag-delete", "tag tag-feed", to_404(">Innovation<")),
    ("tag-delete", "article home category archive", vanish('href="/tag/innovation/"')),
    ("tag-delete", "feed", vanish("<category>Innovation</category>")),
    ("tag-delete", "sitemap-tags", vanish("/tag/innovation/</loc>")),
    ("contributor-save", NAMED, appear("Science editor")),
    ("contributor-rename", f"{NAMED} {FEEDS}", replace("Ada Reporter", "Ada Lovelace")),
    ("contributor-delete", "contributor contributor-feed", to_404("Bo Writer")),
    ("category-added", "category", appear(LINKED)),
    ("category-added", "category-feed", appear(ITEM)),
    ("category-added", "article home tag search", appear(">/climate<")),
    ("category-added", "feed", appear("<category>Climate</category>")),
    ("category-removed", "category", vanish(LINKED)),
    ("category-removed", "category-feed", vanish(ITEM)),
    ("category-removed", "article home tag contributor", vanish(">/ai<")),
    ("category-removed", "feed", vanish("<category>AI</category>")),
    ("tag-added", "tag", appear(LINKED)),
    ("tag-added", "tag-feed", appear(ITEM)),
    ("tag-added", "article home category contributor", appear(">Energy<")),
    ("tag-added", "sitemap-tags", appear("/tag/energy/</loc>")),
    ("tag-removed", "tag", vanish(LINKED)),
    ("tag-removed", "tag-feed", vanish(ITEM)),
    ("tag-removed", "article home category search", vanish(">Innovation<")),
    ("tag-removed", "feed", vanish("<category>Innovation</category>")),
    ("tag-removed", "sitemap-tags", vanish("/tag/innovation/</loc>")),
    *comments_come("comment-trusted", "A trusted word.", (0, 1)),
    *comments_come("comment-staff-reply", "A trusted word.", (2, 3)),
    *comments_come("comment-approved", SUBJECT["body"], (0, 2)),
    *comments_go("comment-spammed"),
    *comments_go("comment-trashed"),
    *comments_go("comment-deleted"),
    ("comment-edited", THREADS, replace(SUBJECT["body"], EDITED["body"])),
    ("comment-erased", THREADS, replace(">Sam Subject<", ">Anonymous<")),
    ("comments-closed", "comments-1 comments-2", replace("Leave a Reply", CLOSED)),
    ("replies-off", "comments-1 comments-2", vanish("?replytocom=")),
]  # fmt: skip
CASES = [
    pytest.param(
        write.split("/")[0], where, *change, id=f"{write.replace('/', '-')}-on-{where}"
    )
    for write, pages, change in TABLE
    for where in pages.split()
]


@pytest.mark.parametrize(("write", "where", "before", "after"), CASES)
def test_a_write_shows_on_the_next_anonymous_request(
    scene, write, where, before, after, django_capture_on_commit_callbacks
):
    do, setup = WRITES[write]
    with django_capture_on_commit_callbacks(execute=True):
        if setup is not None:
            setup(scene)
    url = page_url(scene, where)
    before.check(scene, reader().get(url))

    with django_capture_on_commit_callbacks(execute=True):
        do(scene)

    after.check(scene, reader().get(url))


# Pages never swap their contents -----------------------------------------------------


@pytest.mark.parametrize("page_seconds", [300, 0], ids=["pages-on", "pages-off"])
def test_two_articles_never_share_comment_counts(settings, make_article, page_seconds):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = page_seconds
    counts = {"/articles/first/": 2, "/articles/second/": 5}
    for hours, (url, approved) in enumerate(counts.items(), start=1):
        published_at = timezone.now() - timedelta(hours=hours)
        slug = url.split("/")[2]
        article = make_article(title=slug, slug=slug, published_at=published_at)
        add_comments(article, approved, hours_ago=1, fields=filler)
        add_comments(article, 1, hours_ago=1, fields=lambda n: SUBJECT)  # pending
    for url in [*counts, "/"]:
        assert reader().get(url).status_code == 200  # warm, one after the other

    for _ in range(2):
        home = reader().get("/").content.decode()
        for url, approved in counts.items():
            other = sum(counts.values()) - approved
            page = reader().get(url).content.decode()
            assert f">{approved} Comments<" in page
            assert f">{other} Comments<" not in page
            assert f'{url}#comments">{approved} Comments<' in home


@pytest.mark.parametrize("first", ["1", "2"], ids=["page-1-first", "page-2-first"])
def test_page_two_of_a_thread_is_never_page_one(scene, first):
    thread = list(
        Comment.objects.filter(article=scene.article)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    expected = {"1": thread[:PER_PAGE], "2": thread[PER_PAGE:]}
    order = [first, "2" if first == "1" else "1"]

    shown = {"1": [], "2": []}
    for cpage in [*order, *order]:  # warm each page, then read both again
        response = reader().get(scene.article.get_absolute_url(), {"cpage": cpage})
        ids_shown = COMMENT_ID.findall(response.content.decode())
        shown[cpage].append([int(pk) for pk in ids_shown])

    assert shown == {cpage: [expected[cpage]] * 2 for cpage in expected}
    assert not set(expected["1"]) & set(expected["2"])
