"""How comments look to readers: threads, counts, links, hostile text, avatars."""

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from articles.models import Article, Category, Tag
from comments.models import Comment
from tests.comment_html import comment_ids, parse, text_of

READER_LINK_REL = "nofollow ugc noopener"


@pytest.fixture
def article(make_article):
    return make_article(title="Talking point", slug="talking-point")


@pytest.fixture
def add_comment(article):
    """Add an approved comment, `minutes_ago` minutes old (oldest first by default)."""
    created = 0

    def add(parent=None, *, minutes_ago=None, on=None, **fields):
        nonlocal created
        created += 1
        fields.setdefault("name", f"Reader {created}")
        fields.setdefault("email", f"reader{created}@example.org")
        fields.setdefault("body", f"Comment number {created}.")
        fields.setdefault("status", Comment.Status.APPROVED)
        comment = Comment.objects.create(
            article=on or article,
            parent=parent,
            depth=parent.depth + 1 if parent else 1,
            **fields,
        )
        age = minutes_ago if minutes_ago is not None else 1000 - created
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - timedelta(minutes=age)
        )
        comment.refresh_from_db()
        return comment

    return add


def page(article, client=None) -> str:
    response = (client or Client()).get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def levels(html: str) -> list[tuple[int, int]]:
    """(comment id, indentation level) in page order."""
    return [
        (int(pk), int(level))
        for pk, level in re.findall(
            r'<li id="comment-(\d+)" class="comment depth-(\d+)', html
        )
    ]


# Threads -------------------------------------------------------------------------


def test_comments_are_threaded_oldest_first_and_indented(article, add_comment):
    first = add_comment(minutes_ago=50)
    second = add_comment(minutes_ago=40)
    reply_to_second = add_comment(second, minutes_ago=30)
    reply_to_first = add_comment(first, minutes_ago=20)
    reply_to_reply = add_comment(reply_to_first, minutes_ago=10)
    early_reply = add_comment(first, minutes_ago=45)

    html = page(article)

    assert levels(html) == [
        (first.pk, 1),
        (early_reply.pk, 2),
        (reply_to_first.pk, 2),
        (reply_to_reply.pk, 3),
        (second.pk, 1),
        (reply_to_second.pk, 2),
    ]
    # Replies sit inside their parent's list item, in a nested list.
    first_item = html[
        html.index(f'id="comment-{first.pk}"') : html.index(f'id="comment-{second.pk}"')
    ]
    assert first_item.count('<ol class="children list-unstyled">') == 2


def test_replies_beyond_the_thread_depth_follow_at_the_deepest_level(
    article, add_comment, discussion
):
    top = add_comment()
    level2 = add_comment(top)
    level3 = add_comment(level2)
    level4 = add_comment(level3)
    later_level3 = add_comment(level2)
    discussion.thread_depth = 2  # lowered after these were written
    discussion.save()

    html = page(article)

    assert levels(html) == [
        (top.pk, 1),
        (level2.pk, 2),
        (level3.pk, 2),
        (level4.pk, 2),
        (later_level3.pk, 2),
    ]


def test_reply_link_only_where_a_reply_may_go(article, add_comment, discussion):
    discussion.thread_depth = 2
    discussion.save()
    top = add_comment()
    deepest = add_comment(top)

    html = page(article)

    assert f"?replytocom={top.pk}#respond" in html
    assert f"?replytocom={deepest.pk}#respond" not in html


def test_reply_whose_parent_is_no_longer_shown_stands_at_the_top(article, add_comment):
    parent = add_comment()
    reply = add_comment(parent)
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.TRASH)

    assert levels(page(article)) == [(reply.pk, 1)]


def test_each_comment_links_its_date_to_its_own_anchor(article, add_comment, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    comment = add_comment()
    written = datetime(2026, 12, 2, 17, 5, 42, tzinfo=UTC)
    Comment.objects.filter(pk=comment.pk).update(created_at=written)

    html = page(article)

    # A date in the site's time zone, not "3 days ago": it stays true on a
    # page kept for everyone.
    assert (
        f'<a class="comment-permalink" href="#comment-{comment.pk}">'
        '<time datetime="2026-12-02T18:05:42+01:00">2 December 2026 at 18:05</time>'
        "</a>"
    ) in html


def test_text_keeps_paragraphs_and_line_breaks(article, add_comment):
    add_comment(body="First line\nsecond line\n\nNew paragraph")

    html = page(article)

    assert (
        '<div class="comment-content" dir="auto"><p>First line<br>second line</p>'
        "\n\n<p>New paragraph</p></div>"
    ) in html


# Counts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "label"), [(0, "No Comments"), (1, "1 Comment"), (3, "3 Comments")]
)
def test_article_page_shows_the_count_of_approved_comments(
    article, add_comment, approved, label
):
    for _ in range(approved):
        add_comment()
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH):
        add_comment(status=status)

    html = page(article)

    assert f'<h2 id="comments-title" class="comments-title">{label}</h2>' in html
    assert (
        f'<p class="comment-count small mb-0"><a href="#comments">{label}</a></p>'
        in (html)
    )


@pytest.mark.parametrize(
    "url", ["/", "/category/ai/", "/tag/innovation/", "/contributors/ada-reporter/"]
)
def test_every_article_list_shows_each_articles_comment_count(
    client, make_article, add_comment, category, tag, url
):
    now = timezone.now()
    three = make_article(
        slug="three", categories=[category], tags=[tag], published_at=now
    )
    one = make_article(
        slug="one",
        categories=[category],
        tags=[tag],
        published_at=now - timedelta(hours=1),
    )
    none = make_article(
        slug="none",
        categories=[category],
        tags=[tag],
        published_at=now - timedelta(hours=2),
    )
    for _ in range(3):
        add_comment(on=three)
    add_comment(on=one)
    add_comment(on=one, status=Comment.Status.PENDING)
    add_comment(on=none, status=Comment.Status.SPAM)

    html = client.get(url).content.decode()

    counts = re.findall(r'<p class="comment-count small mb-0">(.*?)</p>', html)
    assert [count for count in counts if "talking-point" not in count] == [
        '<a href="/articles/three/#comments">3 Comments</a>',
        '<a href="/articles/one/#comments">1 Comment</a>',
        '<a href="/articles/none/#comments">No Comments</a>',
    ]


def test_the_byline_line_is_unchanged_by_the_count(client, make_article, add_comment):
    article = make_article(slug="byline")
    add_comment(on=article)

    html = client.get("/").content.decode()

    byline = re.search(r'<p class="byline[^"]*">(.*?)</p>', html, re.DOTALL)[1]
    assert "Comment" not in byline
    assert byline.endswith("standard | Views: 0")


# Links readers wrote ---------------------------------------------------------------


def test_links_readers_wrote_carry_nofollow_ugc_noopener(article, add_comment):
    add_comment(
        name="Site Owner",
        website="https://owner.example/",
        body="See https://example.com/a?b=1&c=2 and www.example.org, or mail me at "
        "me@example.net.",
    )

    html = page(article)

    links = [
        link
        for link in parse(html).links
        if "example" in link.get("href", "") or "mailto" in link.get("href", "")
    ]
    assert links == [
        {"class": "url", "href": "https://owner.example/", "rel": READER_LINK_REL},
        {"href": "https://example.com/a?b=1&c=2", "rel": READER_LINK_REL},
        {"href": "http://www.example.org", "rel": READER_LINK_REL},
    ]
    assert "me@example.net" in html  # shown as text, not as a mailto: link


def test_name_without_website_is_not_a_link(article, add_comment):
    add_comment(name="Plain Name")

    assert '<span class="comment-author"><bdi>Plain Name</bdi></span>' in page(article)


# Hostile text ----------------------------------------------------------------------

# Every element the site's own templates use around an article's comments.
SITE_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "header", "div", "p",
    "nav", "button", "span", "ul", "li", "main", "article", "h1", "h2", "h3",
    "time", "section", "ol", "bdi", "br", "form", "input", "label", "textarea",
    "small", "footer", "script", "em",
}  # fmt: skip
HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href=\"javascript:alert(1)\" onclick='alert(2)'>click</a>",
    "javascript:alert(document.cookie)",
    "&lt;b&gt;entity&lt;/b&gt; &amp; &#60;script&#62;",
    "<svg/onload=alert(1)>",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("where", ["name", "body"])
def test_hostile_text_is_shown_inert(article, add_comment, text, where):
    comment = add_comment(**{where: text})

    html = page(article)

    elements = parse(html).tags
    assert [
        (attrs.get("type"), attrs.get("src"))
        for tag, attrs in elements
        if tag == "script"
    ] == [
        ("application/ld+json", None),
        (None, "/static/js/comments.js"),
        (None, "/static/js/reader.js"),
        (None, "/static/bootstrap/js/bootstrap.bundle.min.js"),
    ]
    assert {tag for tag, _ in elements} <= SITE_TAGS
    assert [
        (tag, name)
        for tag, attrs in elements
        for name in attrs
        if name.lower().startswith("on")
    ] == []
    assert [
        attrs["href"]
        for tag, attrs in elements
        if "script:" in (attrs.get("href") or "").lower()
    ] == []
    # Shown as the text it is: the browser displays exactly what was typed.
    shown = text_of(html, f"comment-{comment.pk}")
    assert text in shown


def test_hostile_stored_website_is_never_a_link(article, add_comment):
    # The form refuses these; a row written some other way must still be safe.
    add_comment(name="Sneaky", website="javascript:alert(1)")

    html = page(article)

    assert "javascript:" not in html
    assert '<span class="comment-author"><bdi>Sneaky</bdi></span>' in html


def test_direction_overrides_are_removed_and_names_isolated(article, add_comment):
    comment = add_comment(
        name="Eve\u202etxt.exe", body="Look \u202egnp.exe and \u2066this\u2069"
    )

    html = page(article)

    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in html
    assert "<bdi>Evetxt.exe</bdi>" in html
    assert "Look gnp.exe and this" in text_of(html, f"comment-{comment.pk}")


def test_zero_width_characters_do_not_make_links(article, add_comment):
    add_comment(body="java\u200bscript:alert(1) and ht\u200btps://evil.example")

    html = page(article)

    assert "evil.example</a>" not in html
    assert 'href="java' not in html
    assert "java\u200bscript:alert(1)" in html


def test_very_long_words_are_kept_and_wrapped_by_css(article, add_comment):
    word = "Supercalifragilistic" * 150
    add_comment(body=word)

    html = page(article)
    css = Path(settings.BASE_DIR, "static/css/newsroom.css").read_text()

    assert f"<p>{word}</p>" in html
    rule = re.search(r"\.comment-content \{([^}]*)\}", css)[1]
    assert "overflow-wrap: anywhere;" in rule


# Avatars ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Rita Reader", "RR"),
        ("madonna", "M"),
        ("Jean-Luc de la Picard", "JP"),
        ("Ólafur Arnalds", "ÓA"),
        ("李小龙", "李"),
        ("!!!", "?"),
    ],
)
def test_avatar_shows_the_initials_of_the_name(article, add_comment, name, initials):
    comment = add_comment(name=name)

    html = page(article)

    assert re.search(
        rf'<li id="comment-{comment.pk}".*?<span class="comment-avatar avatar-c\d+" '
        rf'aria-hidden="true">{re.escape(initials)}</span>',
        html,
        re.DOTALL,
    )


def test_avatar_colour_comes_from_the_name_not_the_email(article, add_comment):
    add_comment(name="Sam Same", email="one@example.org")
    add_comment(name="Sam Same", email="two@example.org")

    html = page(article)

    colours = re.findall(r'class="comment-avatar (avatar-c\d+)"', html)
    assert len(colours) == 2
    assert colours[0] == colours[1]


def test_no_email_or_hash_of_it_reaches_the_page(article, add_comment):
    email = "Rita.Reader@Example.net"
    add_comment(name="Rita Reader", email=email)

    html = page(article).lower()

    for candidate in {email, email.lower(), email.strip().lower()}:
        assert candidate.lower() not in html
        for algorithm in ("md5", "sha1", "sha256"):
            digest = hashlib.new(algorithm, candidate.encode()).hexdigest()
            assert digest not in html
    assert "gravatar" not in html


# Removed, hidden and never shown -------------------------------------------------


def test_removed_comment_keeps_its_place_with_a_note(article, add_comment):
    removed = add_comment(name="Anonymous", body="Original words.", removed=True)
    reply = add_comment(removed, body="A reply that stays.")

    html = page(article)

    assert levels(html) == [(removed.pk, 1), (reply.pk, 2)]
    assert '<p class="comment-removed-text">This comment was removed.</p>' in html
    assert "Original words." not in html
    assert "A reply that stays." in html
    assert f"?replytocom={removed.pk}#" not in html


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.TRASH])
def test_spam_and_trash_are_never_shown(article, add_comment, status):
    add_comment(body="Visible words.")
    add_comment(body="Hidden words.", status=status)

    html = page(article)

    assert "Visible words." in html
    assert "Hidden words." not in html
    assert "1 Comment" in html


def test_pending_comments_are_not_shown_to_readers(article, add_comment):
    add_comment(body="Waiting words.", status=Comment.Status.PENDING)

    html = page(article)

    assert "Waiting words." not in html
    assert comment_ids(html) == []
    assert "No Comments" in html


@pytest.mark.parametrize("change", ["draft", "scheduled"])
def test_comments_are_hidden_with_their_unpublished_article(
    client, article, add_comment, change
):
    add_comment(body="Words under the article.")
    if change == "draft":
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    else:
        Article.objects.filter(pk=article.pk).update(
            published_at=timezone.now() + timedelta(days=1)
        )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert "Words under the article." not in response.content.decode()
    assert "Words under the article." not in client.get("/").content.decode()


def test_own_pending_reply_is_shown_under_its_parent(
    client, post_comment, article, add_comment
):
    parent = add_comment(body="The parent.")
    post_comment(article, parent=str(parent.pk), body="My pending reply.")
    reply = Comment.objects.get(parent=parent)

    html = page(article, client)
    state = client.get(f"/reader/state/?article={article.pk}").json()

    # The page shows the parent; the page's script puts the reply under it.
    assert levels(html) == [(parent.pk, 1)]
    assert [(item["id"], item["parent"]) for item in state["pending"]] == [
        (reply.pk, parent.pk)
    ]
    reply_html = state["pending"][0]["html"]
    assert levels(reply_html) == [(reply.pk, 2)]
    assert "My pending reply." in reply_html
    assert f"?replytocom={reply.pk}#" not in reply_html


def test_staff_preview_of_a_draft_shows_comments_but_no_form(
    client, article, add_comment, staff_editor
):
    add_comment(body="Said while it was live.")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    client.force_login(staff_editor)

    html = page(article, client)

    assert "Said while it was live." in html
    assert "Comments are closed." in html
    assert 'id="commentform"' not in html


# Lists do not grow a query per article -------------------------------------------


def test_counts_on_a_list_come_from_the_list_query(
    client, make_article, add_comment, django_assert_num_queries, uncached
):
    category = Category.objects.create(name="Counted", slug="counted")
    tag = Tag.objects.create(name="Counted", slug="counted")
    for n in range(3):
        article = make_article(slug=f"counted-{n}", categories=[category], tags=[tag])
        add_comment(on=article)

    # The home page's fixed budget, including the one query for the month archives.
    with django_assert_num_queries(6):
        client.get("/")


class BrokenCache:
    """A cache whose server is down: every call fails."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server unreachable")

        return fail


def test_article_page_and_comments_are_served_when_the_cache_is_down(
    client, article, monkeypatch
):
    Comment.objects.create(
        article=article, name="Ana", email="ana@example.org", body="Still here.",
        status=Comment.Status.APPROVED,
    )  # fmt: skip
    broken = BrokenCache()
    monkeypatch.setattr("newsroom.pagecache.cache", broken)
    monkeypatch.setattr("newsroom.pagecache.caches", {"pages": broken})
    monkeypatch.setattr("articles.services.cache", broken)
    monkeypatch.setattr("comments.forms.cache", broken)

    response = client.get(
        article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Firefox/130.0"
    )
    state = client.get(
        f"/reader/state/?article={article.pk}",
        HTTP_USER_AGENT="Mozilla/5.0 Firefox/130.0",
    )

    assert response.status_code == 200
    assert "Still here." in response.content.decode()
    assert 'id="respond"' in response.content.decode()
    assert "X-Cache" not in response
    assert state.status_code == 200
    assert state.json()["form_token"]
