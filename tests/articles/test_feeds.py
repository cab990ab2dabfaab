"""RSS and Atom feeds, the per-article comment feed, and their autodiscovery."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag
from comments.models import Comment

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.find("channel").findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def titles(items, title_tag="title"):
    return [item.find(title_tag).text for item in items]


@pytest.fixture
def dated_articles(make_article):
    """22 published articles, "Story 0" the newest; a draft and a scheduled one."""
    now = timezone.now()
    for number in range(22):
        make_article(
            title=f"Story {number}",
            slug=f"story-{number}",
            published_at=now - timedelta(hours=number + 1),
        )
    make_article(title="Draft", slug="draft", status=Article.Status.DRAFT)
    make_article(title="Scheduled", slug="scheduled", published_at=now + timedelta(1))


NEWEST_20 = [f"Story {number}" for number in range(20)]


def test_site_rss_feed_lists_the_20_newest_published_articles(client, dated_articles):
    assert titles(rss_items(client, "/feed/")) == NEWEST_20


def test_site_atom_feed_lists_the_20_newest_published_articles(client, dated_articles):
    entries = atom_entries(client, "/feed/atom/")
    assert titles(entries, f"{ATOM}title") == NEWEST_20


@pytest.fixture
def full_article(make_article, category, tag, png_upload):
    article = make_article(
        title="Full story",
        slug="full-story",
        dek="The short version.",
        categories=[category],
        tags=[tag],
        featured_image=png_upload("lead.png"),
        featured_image_alt="A red square",
    )
    article.refresh_from_db()
    return article


def test_rss_item_carries_every_field(client, full_article):
    (item,) = rss_items(client, "/feed/")
    assert item.find("title").text == "Full story"
    assert item.find("link").text == "http://testserver/articles/full-story/"
    assert item.find("description").text == "The short version."
    assert item.find(f"{DC}creator").text == "Ada Reporter"
    assert item.find("author") is None
    assert [c.text for c in item.findall("category")] == ["AI", "Innovation"]
    pubdate = parsedate_to_datetime(item.find("pubDate").text)
    assert pubdate == full_article.published_at.replace(microsecond=0)
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == (
        f"http://testserver{full_article.featured_image.url}"
    )
    assert enclosure.get("type") == "image/png"
    assert enclosure.get("length") == str(full_article.featured_image.size)


def test_atom_entry_carries_every_field(client, full_article):
    (entry,) = atom_entries(client, "/feed/atom/")
    assert entry.find(f"{ATOM}summary").text == "The short version."
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Ada Reporter"
    assert entry.find(f"{ATOM}author/{ATOM}email") is None
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "AI",
        "Innovation",
    ]
    published = entry.find(f"{ATOM}published").text
    updated = entry.find(f"{ATOM}updated").text
    assert published == full_article.published_at.isoformat()
    assert updated == full_article.updated_at.isoformat()
    links = {link.get("rel"): link for link in entry.findall(f"{ATOM}link")}
    assert links["alternate"].get("href") == "http://testserver/articles/full-story/"
    assert links["enclosure"].get("href") == (
        f"http://testserver{full_article.featured_image.url}"
    )
    assert links["enclosure"].get("type") == "image/png"


def test_description_falls_back_to_a_plain_text_excerpt_of_the_body(
    client, make_article
):
    make_article(body="Some **bold** words and a [link](https://example.com/).")
    (item,) = rss_items(client, "/feed/")
    assert item.find("description").text == "Some bold words and a link."
    assert item.find("enclosure") is None


def test_a_plain_text_dek_reaches_feed_readers_escaped(client, make_article):
    # Readers take a description (RSS) or summary (Atom) as HTML.
    make_article(dek="Tom & Jerry <img src=x onerror=alert(1)>")

    (item,) = rss_items(client, "/feed/")
    (entry,) = atom_entries(client, "/feed/atom/")

    escaped = "Tom &amp; Jerry &lt;img src=x onerror=alert(1)&gt;"
    assert item.find("description").text == escaped
    assert entry.find(f"{ATOM}summary").text == escaped


def test_control_characters_are_left_out_of_every_feed(client, make_article, tag):
    tag.name = "Vertical\x0btab"
    tag.save()
    article = make_article(
        title="Line\x0bbreak\x01", slug="pasted", dek="Form\x0cfeed", tags=[tag]
    )
    Comment.objects.create(
        article=article,
        name="Bell\x07ringer",
        email="bell@example.org",
        body="Back\x08space",
        status=Comment.Status.APPROVED,
    )

    (item,) = rss_items(client, "/feed/")
    (entry,) = atom_entries(client, "/tag/innovation/feed/atom/")
    (comment,) = rss_items(client, "/articles/pasted/comments/feed/")

    assert item.find("title").text == "Line break "
    assert item.find("description").text == "Form feed"
    assert [c.text for c in item.findall("category")] == ["Vertical tab"]
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Vertical tab"]
    assert comment.find("title").text == "Comment by Bell ringer"
    assert comment.find("description").text == "Back space"


@pytest.fixture
def sections(make_article, category):
    """An article in AI, one in its subcategory, one in another section."""
    robots = Category.objects.create(name="Robots", slug="robots", parent=category)
    other = Category.objects.create(name="Other", slug="other")
    make_article(title="In AI", slug="in-ai", categories=[category])
    make_article(title="In Robots", slug="in-robots", categories=[robots, category])
    make_article(title="Elsewhere", slug="elsewhere", categories=[other])
    make_article(title="AI draft", categories=[category], status=Article.Status.DRAFT)


def test_category_feed_includes_subcategory_articles(client, sections):
    # One entry per article, even one filed in both the section and its child.
    assert sorted(titles(rss_items(client, "/category/ai/feed/"))) == [
        "In AI",
        "In Robots",
    ]
    entries = atom_entries(client, "/category/ai/feed/atom/")
    assert sorted(titles(entries, f"{ATOM}title")) == ["In AI", "In Robots"]
    assert titles(rss_items(client, "/category/robots/feed/")) == ["In Robots"]


def test_tag_feed_lists_only_articles_with_the_tag(client, make_article, tag):
    make_article(title="Tagged", slug="tagged", tags=[tag])
    make_article(title="Untagged", slug="untagged")
    assert titles(rss_items(client, "/tag/innovation/feed/")) == ["Tagged"]
    entries = atom_entries(client, "/tag/innovation/feed/atom/")
    assert titles(entries, f"{ATOM}title") == ["Tagged"]


def test_contributor_feed_lists_only_their_articles(client, make_article):
    other = Contributor.objects.create(name="Bo Writer", slug="bo-writer")
    make_article(title="By Ada", slug="by-ada")
    make_article(title="By Bo", slug="by-bo", contributor=other)
    (item,) = rss_items(client, "/contributors/bo-writer/feed/")
    assert item.find("title").text == "By Bo"
    assert item.find(f"{DC}creator").text == "Bo Writer"
    entries = atom_entries(client, "/contributors/ada-reporter/feed/atom/")
    assert titles(entries, f"{ATOM}title") == ["By Ada"]


@pytest.mark.parametrize(
    "url",
    [
        "/category/no-such/feed/",
        "/category/no-such/feed/atom/",
        "/tag/no-such/feed/",
        "/tag/no-such/feed/atom/",
        "/contributors/no-such/feed/",
        "/contributors/no-such/feed/atom/",
        "/articles/no-such/comments/feed/",
        "/articles/no-such/comments/feed/atom/",
    ],
)
def test_feeds_for_unknown_slugs_are_404(client, db, url):
    assert client.get(url).status_code == 404


def add_comment(article, number, status=Comment.Status.APPROVED, **fields):
    return Comment.objects.create(
        article=article,
        name=f"Feed Reader {number}",
        email=f"feed-secret-{number}@example.org",
        website=f"https://feed-site-{number}.example.net/",
        ip_address=f"192.0.2.{number + 1}",
        body=f"Comment <b>{number}</b> & more.",
        status=status,
        **fields,
    )


def test_comment_feed_lists_approved_comments_with_name_and_text_only(
    client, make_article
):
    article = make_article(title="Talked about", slug="talked-about")
    first = add_comment(article, 1)
    second = add_comment(article, 2)
    add_comment(article, 3, status=Comment.Status.PENDING)
    add_comment(article, 4, status=Comment.Status.SPAM)
    add_comment(article, 5, status=Comment.Status.TRASH)
    add_comment(article, 6, removed=True)
    Comment.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    response = client.get("/articles/talked-about/comments/feed/")
    items = ET.fromstring(response.content).find("channel").findall("item")
    assert titles(items) == ["Comment by Feed Reader 2", "Comment by Feed Reader 1"]
    item = items[0]
    # The description is HTML to a feed reader: the plain text arrives escaped.
    assert item.find("description").text == "Comment &lt;b&gt;2&lt;/b&gt; &amp; more."
    # The lasting address, which leads to whichever page of the discussion
    # shows the comment (tests/comments/test_comment_pages.py).
    assert item.find("link").text == f"http://testserver/comments/{second.pk}/"
    assert item.find(f"{DC}creator").text == "Feed Reader 2"
    text = response.content.decode()
    assert "@" not in text
    assert "192.0.2." not in text
    assert "feed-site-" not in text
    assert "<b>" not in text  # The comment's text is escaped.

    entries = atom_entries(client, "/articles/talked-about/comments/feed/atom/")
    assert titles(entries, f"{ATOM}title") == [
        "Comment by Feed Reader 2",
        "Comment by Feed Reader 1",
    ]


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_comment_feed_of_an_unpublished_article_is_404(client, make_article, status):
    if status == "draft":
        article = make_article(slug="hidden", status=Article.Status.DRAFT)
    else:
        article = make_article(
            slug="hidden", published_at=timezone.now() + timedelta(days=1)
        )
    add_comment(article, 1)
    assert client.get("/articles/hidden/comments/feed/").status_code == 404
    assert client.get("/articles/hidden/comments/feed/atom/").status_code == 404


def test_atom_comment_feed_carries_name_and_text_only(client, make_article):
    article = make_article(slug="talked-about")
    add_comment(article, 1)

    response = client.get("/articles/talked-about/comments/feed/atom/")
    (entry,) = ET.fromstring(response.content).findall(f"{ATOM}entry")

    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Feed Reader 1"
    assert entry.find(f"{ATOM}author/{ATOM}email") is None
    assert entry.find(f"{ATOM}author/{ATOM}uri") is None
    text = response.content.decode()
    assert "@" not in text
    assert "192.0.2." not in text
    assert "feed-site-" not in text


def test_no_feed_carries_a_commenter_email(client, make_article, category, tag):
    article = make_article(slug="discussed", categories=[category], tags=[tag])
    for number, status in enumerate(Comment.Status.values):
        add_comment(article, number, status=status)
    urls = [
        "/feed/",
        "/feed/atom/",
        "/category/ai/feed/",
        "/category/ai/feed/atom/",
        "/tag/innovation/feed/",
        "/tag/innovation/feed/atom/",
        "/contributors/ada-reporter/feed/",
        "/contributors/ada-reporter/feed/atom/",
        "/articles/discussed/comments/feed/",
        "/articles/discussed/comments/feed/atom/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"feed-secret" not in response.content.lower(), url
        assert b"example.org" not in response.content.lower(), url


def alternate_links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    head = response.content.decode().split("</head>")[0]
    return [
        line.strip()
        for line in head.splitlines()
        if line.strip().startswith('<link rel="alternate"')
    ]


SITE_LINKS = [
    '<link rel="alternate" type="application/rss+xml" title="Newsroom" href="/feed/">',
    '<link rel="alternate" type="application/atom+xml" title="Newsroom (Atom)"'
    ' href="/feed/atom/">',
]


def test_home_page_advertises_the_site_feeds(client, make_article):
    make_article()
    assert alternate_links(client, "/") == SITE_LINKS


def test_category_tag_and_contributor_pages_advertise_their_feeds(
    client, make_article, category, tag
):
    make_article(categories=[category], tags=[tag])
    assert alternate_links(client, "/category/ai/") == [
        *SITE_LINKS,
        '<link rel="alternate" type="application/rss+xml" title="AI | Newsroom"'
        ' href="/category/ai/feed/">',
        '<link rel="alternate" type="application/atom+xml"'
        ' title="AI | Newsroom (Atom)" href="/category/ai/feed/atom/">',
    ]
    assert alternate_links(client, "/tag/innovation/") == [
        *SITE_LINKS,
        '<link rel="alternate" type="application/rss+xml"'
        ' title="Tagged Innovation | Newsroom" href="/tag/innovation/feed/">',
        '<link rel="alternate" type="application/atom+xml"'
        ' title="Tagged Innovation | Newsroom (Atom)"'
        ' href="/tag/innovation/feed/atom/">',
    ]
    assert alternate_links(client, "/contributors/ada-reporter/") == [
        *SITE_LINKS,
        '<link rel="alternate" type="application/rss+xml"'
        ' title="Ada Reporter | Newsroom" href="/contributors/ada-reporter/feed/">',
        '<link rel="alternate" type="application/atom+xml"'
        ' title="Ada Reporter | Newsroom (Atom)"'
        ' href="/contributors/ada-reporter/feed/atom/">',
    ]


def test_article_page_advertises_its_comment_feeds(client, make_article):
    make_article(title="Read me", slug="read-me")
    assert alternate_links(client, "/articles/read-me/") == [
        *SITE_LINKS,
        '<link rel="alternate" type="application/rss+xml"'
        ' title="Comments on Read me" href="/articles/read-me/comments/feed/">',
        '<link rel="alternate" type="application/atom+xml"'
        ' title="Comments on Read me (Atom)"'
        ' href="/articles/read-me/comments/feed/atom/">',
    ]


def test_preview_of_a_draft_advertises_no_comment_feed(
    client, make_article, staff_editor
):
    make_article(slug="draft", status=Article.Status.DRAFT)
    client.force_login(staff_editor)
    assert alternate_links(client, "/articles/draft/") == SITE_LINKS


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/feed/",
        "/feed/atom/",
        "/category/ai/feed/",
        "/tag/innovation/feed/",
        "/contributors/ada-reporter/feed/",
    ],
)
def test_feed_query_count_does_not_grow_with_articles(
    client, make_article, category, tag, url
):
    Category.objects.create(name="Robots", slug="robots", parent=category)
    extra_tag = Tag.objects.create(name="Extra", slug="extra")

    def build(count):
        for _ in range(count):
            make_article(categories=[category], tags=[tag, extra_tag])

    build(1)
    one = count_queries(client, url)
    build(19)
    assert count_queries(client, url) == one


def test_comment_feed_query_count_does_not_grow_with_comments(client, make_article):
    article = make_article(slug="busy")
    add_comment(article, 0)
    one = count_queries(client, "/articles/busy/comments/feed/")
    for number in range(1, 20):
        add_comment(article, number)
    assert count_queries(client, "/articles/busy/comments/feed/") == one


FEED_URLS = [
    "/feed/",
    "/feed/atom/",
    "/category/ai/feed/",
    "/category/ai/feed/atom/",
    "/tag/innovation/feed/",
    "/tag/innovation/feed/atom/",
    "/contributors/ada-reporter/feed/",
    "/contributors/ada-reporter/feed/atom/",
    "/articles/cached/comments/feed/",
    "/articles/cached/comments/feed/atom/",
]


@pytest.mark.parametrize("url", FEED_URLS)
def test_feeds_may_be_cached_for_a_quarter_of_an_hour(
    client, make_article, category, tag, url
):
    article = make_article(slug="cached", categories=[category], tags=[tag])
    add_comment(article, 1)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=900, public, s-maxage=60"
    assert response.has_header("Last-Modified")
    assert not response.has_header("Vary")


def test_site_feed_last_modified_is_the_newest_update(client, make_article):
    older = make_article(slug="older", published_at=timezone.now() - timedelta(days=3))
    newer = make_article(slug="newer", published_at=timezone.now() - timedelta(days=2))
    Article.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() - timedelta(days=1)
    )
    newer.refresh_from_db()

    response = client.get("/feed/")

    assert parsedate_to_datetime(response["Last-Modified"]) == newer.updated_at.replace(
        microsecond=0
    )


def test_a_missing_feed_is_not_marked_cacheable(client, db):
    response = client.get("/category/nothing/feed/")

    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
