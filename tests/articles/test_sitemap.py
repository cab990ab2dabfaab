"""The sitemap index, its sections and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag
from articles.sitemaps import ArticleSitemap

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root, element="url"):
    return [node.find(f"{NS}loc").text for node in root.findall(f"{NS}{element}")]


def test_sitemap_index_lists_every_section(client, make_article):
    make_article()
    root = parse(client, "/sitemap.xml")
    assert root.tag == f"{NS}sitemapindex"
    assert locations(root, "sitemap") == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-contributors.xml",
    ]


def test_article_section_lists_exactly_the_published_articles(client, make_article):
    now = timezone.now()
    older = make_article(slug="older", published_at=now - timedelta(days=2))
    newer = make_article(slug="newer", published_at=now - timedelta(hours=1))
    make_article(slug="draft", status=Article.Status.DRAFT)
    make_article(slug="scheduled", published_at=now + timedelta(days=1))

    root = parse(client, "/sitemap-articles.xml")
    urls = {
        node.find(f"{NS}loc").text: node.find(f"{NS}lastmod").text
        for node in root.findall(f"{NS}url")
    }
    assert urls == {
        f"http://testserver/articles/{article.slug}/": (
            timezone.localtime(article.updated_at).date().isoformat()
        )
        for article in (older, newer)
    }


def test_category_tag_and_contributor_sections(client, make_article, category, tag):
    Category.objects.create(name="Empty section", slug="empty-section")
    Tag.objects.create(name="Unused", slug="unused")
    draft_tag = Tag.objects.create(name="Only drafts", slug="only-drafts")
    Contributor.objects.create(name="Nobody Yet", slug="nobody-yet")
    drafter = Contributor.objects.create(name="Drafter", slug="drafter")
    make_article(categories=[category], tags=[tag])
    make_article(contributor=drafter, tags=[draft_tag], status=Article.Status.DRAFT)

    # Every category: the navigation links to each of them.
    assert locations(parse(client, "/sitemap-categories.xml")) == [
        "http://testserver/category/ai/",
        "http://testserver/category/empty-section/",
    ]
    # Tags and contributors only with a published article.
    assert locations(parse(client, "/sitemap-tags.xml")) == [
        "http://testserver/tag/innovation/"
    ]
    assert locations(parse(client, "/sitemap-contributors.xml")) == [
        "http://testserver/contributors/ada-reporter/"
    ]


def test_unknown_section_is_404(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sections_past_the_limit_are_split_into_pages(
    client, make_article, monkeypatch
):
    # The real limit is 2,000 URLs; two keeps the test small.
    assert ArticleSitemap.limit == 2000
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for number in range(5):
        make_article(
            slug=f"story-{number}",
            published_at=timezone.now() - timedelta(hours=number + 1),
        )

    index = locations(parse(client, "/sitemap.xml"), "sitemap")
    assert index[:3] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    pages = [
        locations(parse(client, f"/sitemap-articles.xml?p={page}"))
        for page in (1, 2, 3)
    ]
    assert pages == [
        ["http://testserver/articles/story-0/", "http://testserver/articles/story-1/"],
        ["http://testserver/articles/story-2/", "http://testserver/articles/story-3/"],
        ["http://testserver/articles/story-4/"],
    ]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-categories.xml",
        "/sitemap-tags.xml",
        "/sitemap-contributors.xml",
    ],
)
def test_sitemap_query_count_does_not_grow_with_rows(client, make_article, url):
    def build(start, count):
        for number in range(start, start + count):
            writer = Contributor.objects.create(name=f"W{number}", slug=f"w{number}")
            make_article(
                contributor=writer,
                categories=[Category.objects.create(name=f"C{number}")],
                tags=[Tag.objects.create(name=f"T{number}")],
            )

    build(0, 1)
    one = count_queries(client, url)
    build(1, 10)
    assert count_queries(client, url) == one


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-categories.xml",
        "/sitemap-tags.xml",
        "/sitemap-contributors.xml",
    ],
)
def test_sitemaps_may_be_cached_for_a_quarter_of_an_hour(
    client, make_article, category, tag, url
):
    make_article(categories=[category], tags=[tag])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=900, public, s-maxage=60"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def test_article_section_is_last_modified_with_its_newest_article(client, make_article):
    make_article(slug="older")
    newer = make_article(slug="newer")
    Article.objects.filter(pk=newer.pk).update(
        updated_at=timezone.now() + timedelta(minutes=5)
    )
    newer.refresh_from_db()

    response = client.get("/sitemap-articles.xml")

    assert parsedate_to_datetime(response["Last-Modified"]) == newer.updated_at.replace(
        microsecond=0
    )


def lastmods(root):
    return {
        node.find(f"{NS}loc").text: getattr(node.find(f"{NS}lastmod"), "text", None)
        for node in root.findall(f"{NS}url")
    }


def test_list_pages_are_dated_by_their_newest_published_article(
    client, make_article, category, tag
):
    day = timedelta(days=1)
    now = timezone.now()
    robots = Category.objects.create(name="Robots", slug="robots", parent=category)
    Category.objects.create(name="Empty section", slug="empty-section")
    older = make_article(slug="older", categories=[category], tags=[tag])
    newer = make_article(slug="newer", categories=[robots])
    draft = make_article(slug="draft", tags=[tag], status=Article.Status.DRAFT)
    for article, updated in ((older, now - 3 * day), (newer, now - 2 * day)):
        Article.objects.filter(pk=article.pk).update(updated_at=updated)
    Article.objects.filter(pk=draft.pk).update(updated_at=now)

    def date(days_ago):
        return timezone.localtime(now - days_ago * day).date().isoformat()

    # A section is as new as its subcategories' articles; drafts do not count.
    assert lastmods(parse(client, "/sitemap-categories.xml")) == {
        "http://testserver/category/ai/": date(2),
        "http://testserver/category/empty-section/": None,
        "http://testserver/category/robots/": date(2),
    }
    assert lastmods(parse(client, "/sitemap-tags.xml")) == {
        "http://testserver/tag/innovation/": date(3)
    }
    assert lastmods(parse(client, "/sitemap-contributors.xml")) == {
        "http://testserver/contributors/ada-reporter/": date(2)
    }
    index = client.get("/sitemap.xml")
    assert parsedate_to_datetime(index["Last-Modified"]) == (now - 2 * day).replace(
        microsecond=0
    )
    # An undated row (the empty section) leaves its page without the header.
    assert not client.get("/sitemap-categories.xml").has_header("Last-Modified")
    assert client.get("/sitemap-tags.xml").has_header("Last-Modified")


def test_robots_txt_keeps_crawlers_out_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /comments/\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )
    assert response["Cache-Control"] == "public, max-age=86400, s-maxage=60"
    assert client.post("/robots.txt").status_code == 405
