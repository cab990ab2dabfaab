"""Each page's <head>: title, description, canonical address, previews, JSON-LD.

The module doubles as a URLconf (`pytest.mark.urls(__name__)`): the site's
own URLs plus two views that fail with 400 and 403, to render those pages.
"""

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path
from django.utils import timezone

from articles.metadata import DESCRIPTION_LENGTH, summary
from articles.models import Article, Category
from comments.models import Comment
from newsroom.urls import urlpatterns as site_urlpatterns
from tests.comment_html import parse


def _bad_request(request):
    raise SuspiciousOperation("A deliberately bad request.")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("tests/bad-request/", _bad_request),
    path("tests/forbidden/", _forbidden),
    *site_urlpatterns,
]


class Head(HTMLParser):
    """The elements of a page's <head>, as a browser or a crawler reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head = False
        self.titles: list[dict] = []
        self.metas: list[dict] = []
        self.links: list[dict] = []
        self.scripts: list[dict] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "head":
            self.in_head = True
        if not self.in_head:
            return
        if tag == "meta":
            self.metas.append(attributes)
        elif tag == "link":
            self.links.append(attributes)
        elif tag in ("title", "script"):
            self._text = []
            attributes["text"] = ""
            (self.titles if tag == "title" else self.scripts).append(attributes)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag in ("title", "script") and self._text is not None:
            target = self.titles if tag == "title" else self.scripts
            target[-1]["text"] = "".join(self._text)
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    # Views of the parsed head ---------------------------------------------------

    @property
    def title(self) -> str:
        (title,) = self.titles
        return title["text"]

    def named(self, name: str) -> list[str]:
        return [meta["content"] for meta in self.metas if meta.get("name") == name]

    def properties(self) -> list[tuple[str, str]]:
        return [
            (meta["property"], meta["content"])
            for meta in self.metas
            if "property" in meta
        ]

    def og(self, name: str) -> list[str]:
        return [content for prop, content in self.properties() if prop == name]

    def rel(self, rel: str) -> list[dict]:
        return [link for link in self.links if link.get("rel") == rel]

    @property
    def canonical(self) -> str:
        (link,) = self.rel("canonical")
        return link["href"]

    def json_ld(self) -> list[dict]:
        return [
            json.loads(script["text"])
            for script in self.scripts
            if script.get("type") == "application/ld+json"
        ]


def head_of(response) -> Head:
    parser = Head()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def get_head(client, url: str, *, status: int = 200, **extra) -> Head:
    response = client.get(url, **extra)
    assert response.status_code == status, url
    return head_of(response)


@pytest.fixture
def site(make_article, category, tag):
    """One article in every list, so that each reader page has something to show."""
    category.description = "Machines that learn, and the people who build them."
    category.save()
    article = make_article(
        title="Robots learn to read",
        slug="robots-learn-to-read",
        dek="A short summary of the story.",
        categories=[category],
        tags=[tag],
    )
    article.contributor.bio = "Ada covers technology.\n\nShe lives by the sea."
    article.contributor.save()
    return article


def month_url(article) -> str:
    return timezone.localtime(article.published_at).strftime("/%Y/%m/")


# Title, description, canonical: on every page ----------------------------------------


def test_every_reader_page_has_one_title_description_and_absolute_canonical(
    client, site
):
    month = month_url(site)
    month_name = timezone.localtime(site.published_at).strftime("%B %Y")
    expected = {
        "/": ("Latest | Newsroom", "Reporting and opinion from our contributors"),
        "/articles/robots-learn-to-read/": (
            "Robots learn to read | Newsroom",
            "A short summary of the story.",
        ),
        "/category/ai/": (
            "AI | Newsroom",
            "Machines that learn, and the people who build them.",
        ),
        "/tag/innovation/": (
            "Tagged Innovation | Newsroom",
            "Articles tagged Innovation.",
        ),
        "/contributors/ada-reporter/": (
            "Ada Reporter | Newsroom",
            "Ada covers technology. She lives by the sea.",
        ),
        month: (
            f"Articles from {month_name} | Newsroom",
            f"Articles published in {month_name}.",
        ),
    }
    for url, (title, description) in expected.items():
        head = get_head(client, url)
        assert head.title == title, url
        assert head.named("description") == [description], url
        assert head.canonical == f"http://testserver{url}", url
        assert head.named("robots") == [], url


def test_list_pages_without_their_own_text_describe_themselves(client, make_article):
    Category.objects.create(name="Weather", slug="weather")
    make_article()

    assert get_head(client, "/category/weather/").named("description") == [
        "The latest in Weather."
    ]
    assert get_head(client, "/contributors/ada-reporter/").named("description") == [
        "Articles by Ada Reporter."
    ]


def test_article_without_a_dek_is_described_by_the_start_of_its_body(
    client, make_article
):
    make_article(slug="no-dek", body="First **bold** words & [a link](/x/).\n\nMore.")

    head = get_head(client, "/articles/no-dek/")

    assert head.named("description") == ["First bold words & a link. More."]
    assert head.og("og:description") == ["First bold words & a link. More."]


def test_long_description_is_cut_at_a_word_and_escaped(client, make_article):
    dek = "Tom & Jerry's <b>chase</b> " + "goes on and on " * 30
    make_article(slug="long", dek=dek[:300])

    response = client.get("/articles/long/")
    description = head_of(response).named("description")[0]

    assert description == summary(dek[:300])
    assert len(description) <= DESCRIPTION_LENGTH
    assert description.startswith("Tom & Jerry's <b>chase</b> goes on")
    assert description.endswith(" and…")
    assert (
        '<meta name="description" content="Tom &amp; Jerry&#x27;s &lt;b&gt;chase'
        in response.content.decode()
    )


def test_summary_keeps_short_text_and_cuts_long_text_at_a_word():
    assert summary("  One\n line  ") == "One line"
    assert summary("word " * 100, length=20) == "word word word word…"
    assert summary("x" * 200, length=10) == "xxxxxxxxx…"


def test_paginated_pages_are_canonical_to_their_own_page_only(client, make_article):
    now = timezone.now()
    for number in range(25):
        make_article(slug=f"story-{number}", published_at=now - timedelta(hours=number))

    second = get_head(client, "/?page=2&utm_source=newsletter")
    assert second.canonical == "http://testserver/?page=2"
    assert second.title == "Latest, page 2 | Newsroom"
    assert second.og("og:url") == ["http://testserver/?page=2"]
    assert get_head(client, "/?page=1").canonical == "http://testserver/"
    assert get_head(client, "/?page=last").canonical == "http://testserver/?page=3"
    assert get_head(client, "/?utm_source=x").canonical == "http://testserver/"
    assert (
        get_head(client, "/contributors/ada-reporter/?page=3&sort=x").canonical
        == "http://testserver/contributors/ada-reporter/?page=3"
    )


def test_canonical_address_is_the_sites_whatever_the_request_scheme(
    client, site, settings
):
    settings.NEWSROOM_SITE_URL = "https://news.example.org"
    head = get_head(client, "/category/ai/")
    assert head.canonical == "https://news.example.org/category/ai/"

    article = get_head(client, "/articles/robots-learn-to-read/", secure=True)
    assert (
        article.canonical == "https://news.example.org/articles/robots-learn-to-read/"
    )
    assert article.og("og:url") == [article.canonical]
    (data,) = article.json_ld()
    assert data["url"] == article.canonical


def test_list_pages_carry_website_open_graph_tags(client, site):
    expected = {
        "/": "Newsroom",
        "/category/ai/": "AI",
        "/tag/innovation/": "Tagged Innovation",
        "/contributors/ada-reporter/": "Ada Reporter",
    }
    for url, og_title in expected.items():
        head = get_head(client, url)
        assert head.properties() == [
            ("og:type", "website"),
            ("og:site_name", "Newsroom"),
            ("og:title", og_title),
            ("og:url", f"http://testserver{url}"),
        ], url
        assert head.json_ld() == [], url


# Error pages: not indexed -----------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/no/such/page/", 404, "Page not found | Newsroom"),
        ("/articles/no-such-article/", 404, "Page not found | Newsroom"),
        ("/tests/bad-request/", 400, "Bad request | Newsroom"),
        ("/tests/forbidden/", 403, "Not allowed | Newsroom"),
    ],
)
def test_error_pages_have_a_title_and_description_and_are_not_indexed(
    client, db, url, status, title
):
    head = get_head(client, url, status=status)

    assert head.title == title
    assert head.named("description") == ["Reporting and opinion from our contributors"]
    assert head.named("robots") == ["noindex"]
    assert head.rel("canonical") == []
    assert head.properties() == []


def test_search_results_are_not_indexed(client, site):
    head = get_head(client, "/search/?q=robots")

    assert head.title == "Search: robots | Newsroom"
    assert head.named("description") == ["Reporting and opinion from our contributors"]
    assert head.named("robots") == ["noindex"]
    assert head.rel("canonical") == []
    assert head.properties() == []


@pytest.mark.urls("tests.urls_error")
def test_500_page_is_not_indexed(client):
    client.raise_request_exception = False

    head = get_head(client, "/broken/", status=500)

    assert head.named("robots") == ["noindex"]
    assert head.rel("canonical") == []


def test_a_request_for_an_unknown_host_gets_the_400_page(client, db):
    # The page cannot build absolute addresses for a host it refuses: it has none.
    head = get_head(client, "/", status=400, HTTP_HOST="unknown.example")

    assert head.title == "Bad request | Newsroom"
    assert head.named("robots") == ["noindex"]


@pytest.mark.parametrize("kind", ["confirm", "refused", "expired"])
def test_refused_form_page_is_not_indexed(make_article, staff_editor, kind):
    from django.test import Client

    from tests.conftest import comment_token

    article = make_article(slug="csrf")
    client = Client(enforce_csrf_checks=kind != "refused")
    data = {"body": "Hello"}
    if kind == "refused":
        data["token"] = comment_token(article)  # but no name nor email
    if kind == "expired":
        client.force_login(staff_editor)

    response = client.post(f"/comments/post/{article.pk}/", data)

    head = head_of(response)
    assert (response.status_code, head.title) == {
        # An anonymous reader's form without its tokens: shown back to confirm.
        "confirm": (200, "Send your comment | Newsroom"),
        "refused": (400, "Your comment was not posted | Newsroom"),
        # Logged-in staff get Django's CSRF refusal.
        "expired": (403, "Form expired | Newsroom"),
    }[kind]
    assert head.named("robots") == ["noindex"]
    assert head.rel("canonical") == []


def test_preview_of_a_draft_is_not_indexed(client, make_article, staff_editor):
    make_article(slug="draft", status=Article.Status.DRAFT)
    client.force_login(staff_editor)

    head = get_head(client, "/articles/draft/")

    assert head.named("robots") == ["noindex"]
    assert head.og("article:published_time") == []
    assert "datePublished" not in head.json_ld()[0]


# Article previews: OpenGraph, Twitter, JSON-LD ----------------------------------------


@pytest.fixture
def illustrated(make_article, category, tag, png_upload):
    second = Category.objects.create(name="Science", slug="science")
    article = make_article(
        title="Robots learn to read",
        slug="robots-learn-to-read",
        dek="A short summary of the story.",
        categories=[category, second],
        tags=[tag],
        featured_image=png_upload("lead.png", size=(1200, 630)),
        featured_image_alt="A robot reading a newspaper",
    )
    article.refresh_from_db()
    return article


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def test_article_page_carries_open_graph_and_twitter_tags(client, illustrated):
    image = f"http://testserver{illustrated.featured_image.url}"

    head = get_head(client, "/articles/robots-learn-to-read/")

    assert head.properties() == [
        ("og:type", "article"),
        ("og:site_name", "Newsroom"),
        ("og:title", "Robots learn to read"),
        ("og:description", "A short summary of the story."),
        ("og:url", "http://testserver/articles/robots-learn-to-read/"),
        ("og:image", image),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:image:alt", "A robot reading a newspaper"),
        ("article:published_time", iso(illustrated.published_at)),
        ("article:modified_time", iso(illustrated.updated_at)),
        ("article:author", "http://testserver/contributors/ada-reporter/"),
        ("article:section", "AI"),
        ("article:tag", "Innovation"),
    ]
    assert head.named("twitter:card") == ["summary_large_image"]
    assert head.named("twitter:image:alt") == ["A robot reading a newspaper"]


def copies(*sizes, stem="articles/lead"):
    return [
        {"width": w, "height": h, "format": fmt, "name": f"{stem}-{w}w.{ext}"}
        for w, h in sizes
        for fmt, ext in (("webp", "webp"), ("png", "png"))
    ]


def test_a_large_image_is_previewed_by_its_widest_copy_up_to_1200_pixels(
    client, illustrated
):
    Article.objects.filter(pk=illustrated.pk).update(
        featured_image_width=3000,
        featured_image_height=1575,
        featured_image_renditions=copies((400, 210), (800, 420), (1200, 630)),
    )

    head = get_head(client, "/articles/robots-learn-to-read/")

    assert head.og("og:image") == ["http://testserver/media/articles/lead-1200w.png"]
    assert head.og("og:image:width") == ["1200"]
    assert head.og("og:image:height") == ["630"]
    assert head.json_ld()[0]["image"] == [
        "http://testserver/media/articles/lead-1200w.png"
    ]


def test_an_image_up_to_1200_pixels_is_previewed_as_uploaded(client, illustrated):
    Article.objects.filter(pk=illustrated.pk).update(
        featured_image_width=1000,
        featured_image_height=500,
        featured_image_renditions=copies((400, 200), (800, 400)),
    )

    head = get_head(client, "/articles/robots-learn-to-read/")

    assert head.og("og:image") == [f"http://testserver{illustrated.featured_image.url}"]
    assert head.og("og:image:width") == ["1000"]


def test_article_without_an_image_gets_a_summary_card(client, make_article):
    make_article(slug="plain")

    head = get_head(client, "/articles/plain/")

    assert head.named("twitter:card") == ["summary"]
    assert head.og("og:image") == []
    assert "image" not in head.json_ld()[0]
    assert head.og("article:section") == []
    assert head.og("article:tag") == []


def test_article_json_ld_is_a_news_article(client, illustrated):
    url = "http://testserver/articles/robots-learn-to-read/"

    head = get_head(client, url)

    (script,) = [s for s in head.scripts if s.get("type") == "application/ld+json"]
    assert json.loads(script["text"]) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Robots learn to read",
        "description": "A short summary of the story.",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso(illustrated.published_at),
        "dateModified": iso(illustrated.updated_at),
        "author": {
            "@type": "Person",
            "name": "Ada Reporter",
            "url": "http://testserver/contributors/ada-reporter/",
        },
        "publisher": {
            "@type": "Organization",
            "name": "Newsroom",
            "url": "http://testserver/",
        },
        "image": [f"http://testserver{illustrated.featured_image.url}"],
        "articleSection": ["AI", "Science"],
        "keywords": ["Innovation"],
    }


HOSTILE = "</script><script>alert('title')</script><!-- & \"quoted\""


def test_json_ld_cannot_be_broken_out_of_by_a_hostile_title(client, make_article):
    make_article(slug="hostile", title=HOSTILE, dek=HOSTILE)

    response = client.get("/articles/hostile/")
    html = response.content.decode()
    head = head_of(response)

    (data,) = head.json_ld()
    assert data["headline"] == HOSTILE
    assert data["description"] == HOSTILE
    # The only script elements are the JSON-LD and the page's own files.
    assert [script.get("type") for script in head.scripts] == ["application/ld+json"]
    assert "<script>alert" not in html
    assert html.count("</script>") == html.count("<script")
    assert head.title == f"{HOSTILE} | Newsroom"
    assert head.og("og:title") == [HOSTILE]


# Feeds and privacy -----------------------------------------------------------------


def test_article_head_advertises_its_comment_feeds(client, site):
    head = get_head(client, "/articles/robots-learn-to-read/")

    assert [
        (link["type"], link["title"], link["href"]) for link in head.rel("alternate")
    ] == [
        ("application/rss+xml", "Newsroom", "/feed/"),
        ("application/atom+xml", "Newsroom (Atom)", "/feed/atom/"),
        (
            "application/rss+xml",
            "Comments on Robots learn to read",
            "/articles/robots-learn-to-read/comments/feed/",
        ),
        (
            "application/atom+xml",
            "Comments on Robots learn to read (Atom)",
            "/articles/robots-learn-to-read/comments/feed/atom/",
        ),
    ]


def test_no_commenter_data_reaches_the_article_head(client, site, post_comment):
    Comment.objects.create(
        article=site,
        name="Quentin Commenter",
        email="quentin@private.example",
        website="https://quentin.example/",
        body="Approved and shown.",
        status=Comment.Status.APPROVED,
        ip_address="198.51.100.7",
    )
    # A commenter whose own browser remembers their details.
    response = post_comment(site, email="rita@remembered.example", remember="on")
    assert response.status_code == 303

    own = client.get("/articles/robots-learn-to-read/").content.decode()
    head = own.split("</head>")[0]
    for private in ("quentin", "198.51.100.7", "rita", "remembered.example"):
        assert private not in head.lower(), private
    assert "Quentin Commenter" in own  # Shown in the thread, below.

    from django.test import Client

    reader = Client().get("/articles/robots-learn-to-read/").content.decode()
    assert "private.example" not in reader
    assert "remembered.example" not in reader


# The navigation bar's search box ------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/articles/robots-learn-to-read/", "/no/such/"])
def test_every_page_has_a_labelled_search_box_in_the_navigation(client, site, url):
    html = client.get(url).content.decode()
    page = parse(html)

    forms = [
        attrs
        for tag, attrs in page.tags
        if tag == "form" and attrs.get("role") == "search"
    ]
    assert forms == [
        {
            "class": "d-flex gap-2 py-2 py-md-0",
            "role": "search",
            "aria-label": "Site search",
            "action": "/search/",
            "method": "get",
        }
    ]
    assert page.inputs["q"] == {
        "class": "form-control form-control-sm",
        "type": "search",
        "id": "navbar-search",
        "name": "q",
        "maxlength": "200",
        "placeholder": "Search articles",
    }
    assert (
        '<label class="visually-hidden" for="navbar-search">Search articles</label>'
        in html
    )
