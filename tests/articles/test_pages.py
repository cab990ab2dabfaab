"""Reader pages through the HTTP client: status codes, lists, the byline, previews."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import formats, timezone

from articles.models import Article, Category, Contributor, Tag

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
BYLINE_RE = re.compile(r'<p class="byline[^"]*">(.*?)</p>', re.DOTALL)


class _BylineParser(HTMLParser):
    """Collects the text, the links (href, text) and <time> attributes of a byline."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.links = []
        self.times = []
        self._href = None
        self._link_text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._link_text = ""
        elif tag == "time":
            self.times.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "a":
            self.links.append((self._href, self._link_text))
            self._href = None

    def handle_data(self, data):
        self.text += data
        if self._href is not None:
            self._link_text += data


def parse_byline(html: str) -> _BylineParser:
    """The single byline of an article page, parsed."""
    bylines = BYLINE_RE.findall(html)
    assert len(bylines) == 1
    parser = _BylineParser()
    parser.feed(bylines[0])
    parser.close()
    return parser


def listed_titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


@pytest.fixture
def published(make_article, category, tag):
    return make_article(
        title="Published piece",
        slug="published-piece",
        categories=[category],
        tags=[tag],
    )


# Status codes ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/published-piece/",
        "/category/ai/",
        "/tag/innovation/",
        "/contributors/ada-reporter/",
    ],
)
def test_public_pages_answer_200(client, published, url):
    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-article/",
        "/category/no-such-category/",
        "/tag/no-such-tag/",
        "/contributors/no-such-contributor/",
    ],
)
def test_unknown_slugs_are_404(client, published, url):
    response = client.get(url)

    assert response.status_code == 404


def test_draft_article_is_404_for_readers(client, make_article):
    make_article(slug="a-draft", status=Article.Status.DRAFT)

    response = client.get("/articles/a-draft/")

    assert response.status_code == 404


def test_scheduled_article_is_404_for_readers(client, make_article):
    make_article(slug="coming-soon", published_at=timezone.now() + timedelta(hours=2))

    response = client.get("/articles/coming-soon/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "url", ["/", "/category/ai/", "/tag/innovation/", "/contributors/ada-reporter/"]
)
@pytest.mark.parametrize("page", ["999", "abc"])
def test_list_pages_answer_404_for_a_page_that_does_not_exist(
    client, published, url, page
):
    response = client.get(url, {"page": page})

    assert response.status_code == 404


# Lists --------------------------------------------------------------------------


def test_home_lists_ten_articles_per_page_newest_first(client, make_article):
    now = timezone.now()
    for hours in range(1, 12):
        make_article(
            title=f"{hours} hours old", published_at=now - timedelta(hours=hours)
        )

    first = client.get("/")
    second = client.get("/", {"page": 2})

    assert listed_titles(first) == [f"{hours} hours old" for hours in range(1, 11)]
    assert listed_titles(second) == ["11 hours old"]


def test_home_lists_neither_drafts_nor_scheduled_articles(client, make_article):
    make_article(title="Visible")
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="Scheduled", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/")

    assert listed_titles(response) == ["Visible"]


def test_category_page_lists_its_own_and_its_subcategories_articles(
    client, make_article
):
    now = timezone.now()
    tech = Category.objects.create(name="Tech", slug="tech")
    ai = Category.objects.create(name="AI", slug="ai", parent=tech)
    sport = Category.objects.create(name="Sport", slug="sport")
    make_article(
        title="In child", categories=[ai], published_at=now - timedelta(hours=1)
    )
    make_article(
        title="In both", categories=[tech, ai], published_at=now - timedelta(hours=2)
    )
    make_article(
        title="In parent", categories=[tech], published_at=now - timedelta(hours=3)
    )
    make_article(title="Elsewhere", categories=[sport])

    parent_page = client.get("/category/tech/")
    child_page = client.get("/category/ai/")

    assert listed_titles(parent_page) == ["In child", "In both", "In parent"]
    assert listed_titles(child_page) == ["In child", "In both"]


def test_tag_page_lists_only_articles_with_that_tag(client, make_article, tag):
    other = Tag.objects.create(name="Policy", slug="policy")
    make_article(title="Tagged", tags=[tag])
    make_article(title="Tagged otherwise", tags=[other])
    make_article(title="Untagged")

    response = client.get("/tag/innovation/")

    assert listed_titles(response) == ["Tagged"]


def test_contributor_page_lists_only_their_articles_and_shows_the_bio(
    client, make_article, contributor
):
    contributor.bio = "Covers artificial intelligence policy."
    contributor.save()
    someone_else = Contributor.objects.create(name="Bo Writer", slug="bo-writer")
    make_article(title="By Ada")
    make_article(title="By Bo", contributor=someone_else)

    response = client.get("/contributors/ada-reporter/")

    assert listed_titles(response) == ["By Ada"]
    assert (
        '<div class="bio"><p>Covers artificial intelligence policy.</p></div>'
        in response.content.decode()
    )


# The byline ---------------------------------------------------------------


def test_byline_reads_name_title_age_categories_tags_format_and_views(
    client, make_article
):
    published_at = timezone.now() - timedelta(days=33)
    categories = [
        Category.objects.create(name="AI", slug="ai"),
        Category.objects.create(name="Innovation", slug="innovation"),
    ]
    tags = [
        Tag.objects.create(name="AI", slug="ai"),
        Tag.objects.create(name="Innovation", slug="innovation"),
    ]
    make_article(
        slug="byline",
        published_at=published_at,
        categories=categories,
        tags=tags,
        view_count=10,
    )

    response = client.get("/articles/byline/", HTTP_USER_AGENT=READER_UA)

    byline = parse_byline(response.content.decode())
    assert byline.text == (
        "Posted by Ada Reporter, Contributor | 1\xa0month ago | "
        "/ai, /innovation, AI, Innovation, standard | Views: 10"
    )


def test_byline_links_contributor_categories_and_tags(client, make_article):
    categories = [
        Category.objects.create(name="AI", slug="ai"),
        Category.objects.create(name="Innovation", slug="innovation"),
    ]
    tags = [
        Tag.objects.create(name="Machine learning", slug="machine-learning"),
        Tag.objects.create(name="Policy", slug="policy"),
    ]
    make_article(slug="byline", categories=categories, tags=tags)

    response = client.get("/articles/byline/")

    byline = parse_byline(response.content.decode())
    assert byline.links == [
        ("/contributors/ada-reporter/", "Ada Reporter"),
        ("/category/ai/", "/ai"),
        ("/category/innovation/", "/innovation"),
        ("/tag/machine-learning/", "Machine learning"),
        ("/tag/policy/", "Policy"),
    ]


def test_byline_time_element_carries_iso_datetime_and_full_date_title(
    client, make_article
):
    article = make_article(slug="byline")
    article.refresh_from_db()
    local = timezone.localtime(article.published_at)

    response = client.get("/articles/byline/")

    byline = parse_byline(response.content.decode())
    assert byline.times == [
        {
            "datetime": local.isoformat(),
            "title": formats.date_format(local, "DATETIME_FORMAT"),
        }
    ]


def test_byline_without_categories_or_tags_shows_age_format_and_views(
    client, make_article
):
    make_article(slug="bare", view_count=1)

    response = client.get("/articles/bare/", HTTP_USER_AGENT=READER_UA)

    byline = parse_byline(response.content.decode())
    assert byline.text == (
        "Posted by Ada Reporter, Contributor | 1\xa0day ago | standard | Views: 1"
    )


def test_byline_shows_the_article_format_and_the_contributors_title(
    client, make_article, contributor
):
    contributor.byline_title = "Science editor"
    contributor.save()
    make_article(slug="a-quote", format=Article.Format.QUOTE, view_count=1)

    response = client.get("/articles/a-quote/", HTTP_USER_AGENT=READER_UA)

    byline = parse_byline(response.content.decode())
    assert byline.text == (
        "Posted by Ada Reporter, Science editor | 1\xa0day ago | quote | Views: 1"
    )


# Source note and featured image ---------------------------------------------


def test_source_note_links_to_the_source_by_name(client, make_article):
    make_article(
        slug="syndicated",
        source_name="The Wire Service",
        source_url="https://wire.example.org/stories/42",
    )

    response = client.get("/articles/syndicated/")

    assert (
        'Originally published at <a href="https://wire.example.org/stories/42" '
        'rel="noopener">The Wire Service</a>.'
    ) in response.content.decode()


def test_source_note_falls_back_to_the_host_of_the_source_url(client, make_article):
    make_article(slug="syndicated", source_url="https://wire.example.org/stories/42")

    response = client.get("/articles/syndicated/")

    assert (
        'Originally published at <a href="https://wire.example.org/stories/42" '
        'rel="noopener">wire.example.org</a>.'
    ) in response.content.decode()


def test_no_source_note_without_a_source_url(client, make_article):
    make_article(slug="original")

    response = client.get("/articles/original/")

    assert "Originally published at" not in response.content.decode()


def test_featured_image_is_rendered_with_alt_text_and_caption(
    client, make_article, png_upload
):
    article = make_article(
        slug="pictured",
        featured_image=png_upload(name="harbour.png", size=(64, 48)),
        featured_image_alt="Boats moored in a grey harbour",
        featured_image_caption="The harbour at dawn.",
    )

    response = client.get("/articles/pictured/")

    html = response.content.decode()
    images = re.findall(r'<img class="figure-img[^>]*>', html)
    assert len(images) == 1
    assert f'src="{article.featured_image.url}"' in images[0]
    assert 'alt="Boats moored in a grey harbour"' in images[0]
    assert 'width="64" height="48"' in images[0]
    assert (
        '<figcaption class="figure-caption">The harbour at dawn.</figcaption>' in html
    )


# Previews -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_editor_previews_unpublished_article_uncached_and_uncounted(
    client, make_article, staff_editor, kind
):
    if kind == "draft":
        article = make_article(slug="unpublished", status=Article.Status.DRAFT)
    else:
        article = make_article(
            slug="unpublished", published_at=timezone.now() + timedelta(days=2)
        )
    client.force_login(staff_editor)

    response = client.get("/articles/unpublished/", HTTP_USER_AGENT=READER_UA)

    assert response.status_code == 200
    assert "Preview: not published" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    article.refresh_from_db()
    assert article.view_count == 0


def test_staff_without_change_permission_cannot_preview_a_draft(
    client, make_article, django_user_model
):
    make_article(slug="a-draft", status=Article.Status.DRAFT)
    clerk = django_user_model.objects.create_user(
        username="clerk", password="clerk-pass-123", is_staff=True
    )
    client.force_login(clerk)

    response = client.get("/articles/a-draft/")

    assert response.status_code == 404


def test_published_article_is_not_marked_as_preview(client, published):
    response = client.get("/articles/published-piece/")

    assert "Preview: not published" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


# Previous and next ---------------------------------------------------------


def test_previous_and_next_links_skip_drafts_and_scheduled_articles(
    client, make_article
):
    now = timezone.now()
    make_article(title="Oldest", slug="oldest", published_at=now - timedelta(days=4))
    make_article(
        title="Old draft",
        slug="old-draft",
        status=Article.Status.DRAFT,
        published_at=now - timedelta(days=3),
    )
    make_article(title="Middle", slug="middle", published_at=now - timedelta(days=2))
    make_article(
        title="New draft",
        slug="new-draft",
        status=Article.Status.DRAFT,
        published_at=now - timedelta(hours=36),
    )
    make_article(title="Newest", slug="newest", published_at=now - timedelta(days=1))
    make_article(
        title="Scheduled", slug="scheduled", published_at=now + timedelta(days=1)
    )

    middle = client.get("/articles/middle/").content.decode()
    newest = client.get("/articles/newest/").content.decode()
    oldest = client.get("/articles/oldest/").content.decode()

    assert re.findall(r'<a href="([^"]+)" rel="(prev|next)">', middle) == [
        ("/articles/oldest/", "prev"),
        ("/articles/newest/", "next"),
    ]
    assert re.findall(r'<a href="([^"]+)" rel="(prev|next)">', newest) == [
        ("/articles/middle/", "prev"),
    ]
    assert re.findall(r'<a href="([^"]+)" rel="(prev|next)">', oldest) == [
        ("/articles/middle/", "next"),
    ]


# Error pages ---------------------------------------------------------------------


def test_404_page_uses_the_site_layout(client, db):
    Category.objects.create(name="Science", slug="science")

    response = client.get("/no/such/page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in html
    assert '<nav class="navbar navbar-expand-md border-top" aria-label="Sections">' in (
        html
    )
    assert '<a class="nav-link" href="/category/science/">Science</a>' in html


@pytest.mark.urls("tests.urls_error")
def test_500_page_is_rendered_when_a_view_fails(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


# Admin ---------------------------------------------------------------------------


def test_admin_login_page_answers_200(client, db):
    response = client.get("/admin/login/")

    assert response.status_code == 200


def test_admin_redirects_anonymous_visitors_to_login(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


# Safety --------------------------------------------------------------------------


def test_article_page_has_no_script_but_its_static_files_and_json_ld(
    client, make_article
):
    make_article(
        slug="hostile",
        title="<script>alert('title')</script>",
        dek="<script>alert('dek')</script>",
        body="Hello <script>alert('body')</script> <img src=x onerror=alert(1)>",
    )

    response = client.get("/articles/hostile/")

    assert re.findall(r"<script[^>]*>", response.content.decode(), re.IGNORECASE) == [
        '<script type="application/ld+json">',
        '<script src="/static/js/comments.js" defer>',
        '<script src="/static/js/reader.js" defer>',
        '<script src="/static/bootstrap/js/bootstrap.bundle.min.js" defer>',
    ]


def test_page_links_centre_on_the_current_page(client, make_article):
    now = timezone.now()
    for n in range(200):
        make_article(title=f"Story {n}", published_at=now - timedelta(hours=n + 1))

    response = client.get("/", {"page": 9})

    html = response.content.decode()
    nav = html[html.index('<nav class="mt-4" aria-label="Pages">') :]
    nav = nav[: nav.index("</nav>")]
    labels = re.findall(r'class="page-link"[^>]*>([^<]+)<', nav)
    assert labels == [
        "Newer", "1", "2", "…", "6", "7", "8", "9", "10", "11", "12", "…", "19",
        "20", "Older",
    ]  # fmt: skip
    assert (
        '<li class="page-item active" aria-current="page"><span class="page-link">9'
        in nav
    )


def test_article_page_has_one_h1_even_when_the_body_starts_at_h1(client, make_article):
    article = make_article(slug="headings", body="# Part one\n\nText.\n\n## Detail")

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count("<h1") == 1
    assert "<h2>Part one</h2>" in html
    assert "<h3>Detail</h3>" in html


def test_contributor_page_nests_article_titles_under_its_list_heading(
    client, make_article, contributor
):
    make_article(title="Filed story")

    html = client.get(contributor.get_absolute_url()).content.decode()

    assert '<h2 class="h5 mt-3">Articles by Ada Reporter</h2>' in html
    assert '<h3 class="article-card-title h4"><a href="/articles/filed-story/">' in html


def test_a_source_without_an_address_is_named_without_a_link(client, make_article):
    make_article(slug="wired-in", source_name="The Harbour Gazette", source_url="")

    html = client.get("/articles/wired-in/").content.decode()

    assert (
        '<p class="source-note border-top pt-3">'
        "Originally published in The Harbour Gazette.</p>"
    ) in html


def test_pages_name_the_site_icon_so_browsers_do_not_ask_for_favicon_ico(client, db):
    html = client.get("/").content.decode()

    assert (
        '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    )
    assert client.get("/static/img/favicon.svg").status_code == 200
