"""One site address for every absolute URL (DESIGN.md, invariant 9).

Requests here come with a crafted `Host` (an allowed one, with another port)
and `X-Forwarded-Proto: https`; neither may reach a canonical link, OpenGraph
or JSON-LD, a feed, a sitemap, robots.txt or an email. Also: the system check
that makes production refuse to start without NEWSROOM_SITE_URL, the helper
itself, and `Cache-Control: private` on staff pages.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_submit
from newsroom.checks import check_site_url
from newsroom.middleware import StaffPagesPrivateMiddleware
from newsroom.siteurl import DEBUG_FALLBACK, absolute_url, site_url
from tests.articles.test_metadata import head_of

SITE = "https://news.example.org"
# An allowed host on another port, and a scheme claimed by the client: the
# request is http://localhost:8443, the site https://news.example.org.
CRAFTED = {"HTTP_HOST": "localhost:8443", "HTTP_X_FORWARDED_PROTO": "https"}
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
RSS_ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site_address():
    with override_settings(NEWSROOM_SITE_URL=SITE):
        yield SITE


@pytest.fixture
def mailoutbox(db, mailoutbox):
    # Taken once the test database exists, which replaces the outbox.
    return mailoutbox


@pytest.fixture
def story(make_article, category, tag, png_upload):
    article = make_article(
        title="Harbour budget",
        slug="harbour-budget",
        categories=[category],
        tags=[tag],
        featured_image=png_upload("lead.png"),
        featured_image_alt="A red square",
    )
    article.refresh_from_db()
    return article


def assert_on_site(urls):
    urls = list(urls)
    assert urls
    for url in urls:
        assert url.startswith(f"{SITE}/"), url


def xml(response) -> ElementTree.Element:
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


# Pages: canonical link, OpenGraph, JSON-LD ----------------------------------------


def test_article_metadata_is_on_the_site_address_whatever_the_host(
    client, site_address, story
):
    response = client.get(story.get_absolute_url(), **CRAFTED)

    assert response.status_code == 200
    head = head_of(response)
    (data,) = head.json_ld()
    assert head.canonical == f"{SITE}/articles/harbour-budget/"
    assert head.og("og:url") == [head.canonical]
    assert data["url"] == head.canonical
    assert_on_site(
        [
            *head.og("og:image"),
            *head.og("article:author"),
            data["mainEntityOfPage"]["@id"],
            data["author"]["url"],
            data["publisher"]["url"],
            *data["image"],
        ]
    )
    assert "localhost" not in response.content.decode()


def test_list_pages_have_their_canonical_link_on_the_site_address(
    client, site_address, story
):
    for url in [
        "/",
        "/category/ai/",
        "/tag/innovation/",
        "/contributors/ada-reporter/",
    ]:
        head = head_of(client.get(url, **CRAFTED))
        assert head.canonical == f"{SITE}{url}"


def test_a_trusted_forwarded_proto_does_not_change_the_scheme(client, story):
    with override_settings(
        NEWSROOM_SITE_URL="http://news.example.org",
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    ):
        head = head_of(client.get(story.get_absolute_url(), **CRAFTED))

    assert head.canonical == "http://news.example.org/articles/harbour-budget/"


# Feeds -----------------------------------------------------------------------------


def test_rss_feed_links_are_on_the_site_address(client, site_address, story):
    channel = xml(client.get("/feed/", **CRAFTED)).find("channel")

    (item,) = channel.findall("item")
    assert channel.find("link").text == f"{SITE}/"
    assert channel.find(f"{RSS_ATOM}link").get("href") == f"{SITE}/feed/"
    assert item.find("link").text == f"{SITE}/articles/harbour-budget/"
    assert item.find("guid").text == item.find("link").text
    assert item.find("enclosure").get("url") == f"{SITE}{story.featured_image.url}"


def test_atom_feed_links_are_on_the_site_address(client, site_address, story):
    feed = xml(client.get("/category/ai/feed/atom/", **CRAFTED))

    links = {
        link.get("rel"): link.get("href") for link in feed.findall(f"{RSS_ATOM}link")
    }
    assert links == {
        "alternate": f"{SITE}/category/ai/",
        "self": f"{SITE}/category/ai/feed/atom/",
    }
    (entry,) = feed.findall(f"{RSS_ATOM}entry")
    entry_links = [link.get("href") for link in entry.findall(f"{RSS_ATOM}link")]
    assert entry_links == [
        f"{SITE}/articles/harbour-budget/",
        f"{SITE}{story.featured_image.url}",
    ]
    assert entry.find(f"{RSS_ATOM}id").text == f"{SITE}/articles/harbour-budget/"


def test_comment_feed_links_are_on_the_site_address(client, site_address, story):
    comment = Comment.objects.create(
        article=story,
        name="Rita Reader",
        email="rita@example.net",
        body="Well said.",
        status=Comment.Status.APPROVED,
    )

    channel = xml(client.get(f"{story.get_absolute_url()}comments/feed/", **CRAFTED))[0]
    assert channel.find("link").text == f"{SITE}/articles/harbour-budget/"
    assert channel.find(f"{RSS_ATOM}link").get("href") == (
        f"{SITE}/articles/harbour-budget/comments/feed/"
    )
    (item,) = channel.findall("item")
    assert item.find("link").text == f"{SITE}/comments/{comment.pk}/"


# Sitemaps and robots.txt ---------------------------------------------------------


def test_sitemap_index_lists_sections_on_the_site_address(client, site_address, story):
    index = xml(client.get("/sitemap.xml", **CRAFTED))

    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-categories.xml",
        f"{SITE}/sitemap-tags.xml",
        f"{SITE}/sitemap-contributors.xml",
    ]


def test_sitemap_index_pages_keep_their_number(
    client, site_address, make_article, monkeypatch
):
    for number in range(3):
        make_article(title=f"Story {number}", slug=f"story-{number}")
    monkeypatch.setattr("articles.sitemaps.ArticleSitemap.limit", 2)

    index = xml(client.get("/sitemap.xml", **CRAFTED))

    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert locations[:2] == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-articles.xml?p=2",
    ]


def test_sitemap_sections_list_pages_on_the_site_address(client, site_address, story):
    sections = {
        "articles": [f"{SITE}/articles/harbour-budget/"],
        "categories": [f"{SITE}/category/ai/"],
        "tags": [f"{SITE}/tag/innovation/"],
        "contributors": [f"{SITE}/contributors/ada-reporter/"],
    }
    for section, expected in sections.items():
        urlset = xml(client.get(f"/sitemap-{section}.xml", **CRAFTED))
        assert [loc.text for loc in urlset.iter(f"{SITEMAP}loc")] == expected


def test_robots_txt_points_at_the_sitemap_on_the_site_address(client, site_address, db):
    response = client.get("/robots.txt", **CRAFTED)

    assert f"Sitemap: {SITE}/sitemap.xml\n" in response.content.decode()


# Emails ----------------------------------------------------------------------------


def test_moderation_email_links_to_the_admin_on_the_site_address(
    site_address,
    story,
    discussion,
    django_user_model,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    django_user_model.objects.create_superuser(
        "boss", "boss@newsroom.example", "pass-123-word"
    )

    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_submit(
            article=story,
            name="Rita Reader",
            email="rita@example.net",
            website="",
            body="A thoughtful comment.",
            ip_address="192.0.2.10",
            user_agent="Mozilla/5.0",
        )

    assert comment.status == Comment.Status.PENDING
    (message,) = mailoutbox
    link = f"{SITE}/admin/comments/comment/{comment.pk}/change/"
    assert f"Edit or reply: {link}\n" in message.body
    assert "localhost" not in message.body


def test_contributor_email_from_the_admin_links_to_the_site_address(
    admin_client,
    site_address,
    story,
    contributor,
    django_user_model,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    contributor.user = django_user_model.objects.create_user(
        "ada", "ada@newsroom.example", "pass-123-word"
    )
    contributor.save()
    comment = Comment.objects.create(
        article=story, name="Rita Reader", email="rita@example.net", body="Held."
    )

    # The email goes out when the admin's write commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:comments_comment_changelist") + "?status=all",
            {"action": "approve", ACTION_CHECKBOX_NAME: [comment.pk], "index": 0},
            **CRAFTED,
        )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    (message,) = mailoutbox
    assert message.to == ["ada@newsroom.example"]
    assert f"Read it: {SITE}/comments/{comment.pk}/\n" in message.body
    assert "localhost" not in message.body


def test_password_reset_email_links_to_the_site_address(
    client, site_address, django_user_model, mailoutbox
):
    django_user_model.objects.create_user(
        "ada", "ada@newsroom.example", "pass-123-word", is_staff=True
    )

    response = client.post(
        reverse("admin_password_reset"), {"email": "ada@newsroom.example"}, **CRAFTED
    )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert re.search(rf"{re.escape(SITE)}/admin/reset/\S+/\S+/", message.body)
    assert "localhost" not in message.body
    assert "localhost" not in message.subject


def test_onboarding_email_links_to_the_site_address(
    admin_client, site_address, mailoutbox
):
    response = admin_client.post(
        reverse("admin:articles_contributor_onboard"),
        {
            "username": "mira",
            "email": "mira@example.com",
            "name": "Mira Castellanos",
            "byline_title": "Contributor",
            "delivery": "email",
        },
        **CRAFTED,
    )

    assert response.status_code == 200
    (message,) = mailoutbox
    assert re.search(rf"\n{re.escape(SITE)}/admin/reset/\S+/\S+/\n", message.body)
    assert f"Then log in at {SITE}/admin/\n" in message.body
    assert "localhost" not in message.body


# The helper ------------------------------------------------------------------------


@override_settings(NEWSROOM_SITE_URL=SITE)
def test_absolute_url_puts_paths_on_the_site_address():
    assert site_url() == SITE
    assert absolute_url("/articles/x/") == f"{SITE}/articles/x/"
    assert absolute_url("media/a.png") == f"{SITE}/media/a.png"
    assert absolute_url("/tag/café/") == f"{SITE}/tag/caf%C3%A9/"


@override_settings(NEWSROOM_SITE_URL=SITE)
def test_absolute_url_leaves_absolute_addresses_alone():
    for url in ["https://media.example.com/a.png", "//cdn.example.com/a.png"]:
        assert absolute_url(url) == url


@override_settings(NEWSROOM_SITE_URL=f"{SITE}/")
def test_a_trailing_slash_in_the_setting_is_not_doubled():
    assert absolute_url("/feed/") == f"{SITE}/feed/"


@override_settings(NEWSROOM_SITE_URL=SITE, DEBUG=True)
def test_the_setting_wins_over_the_request_in_debug_too():
    request = RequestFactory().get("/", **CRAFTED)

    assert absolute_url("/feed/", request) == f"{SITE}/feed/"


@override_settings(NEWSROOM_SITE_URL="", DEBUG=True)
def test_debug_without_the_setting_falls_back_to_the_request():
    request = RequestFactory().get("/", **CRAFTED)

    assert absolute_url("/feed/", request) == "http://localhost:8443/feed/"
    assert absolute_url("/feed/") == f"{DEBUG_FALLBACK}/feed/"


@override_settings(NEWSROOM_SITE_URL="", DEBUG=False)
def test_production_without_the_setting_never_uses_the_request():
    request = RequestFactory().get("/", **CRAFTED)

    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_SITE_URL is not set"):
        absolute_url("/feed/", request)


# The system check ------------------------------------------------------------------


@override_settings(NEWSROOM_SITE_URL="", DEBUG=False)
def test_production_without_the_setting_is_a_check_error():
    (error,) = run_checks(tags=["newsroom"])

    assert error.id == "newsroom.E001"
    assert error.is_serious()
    assert "NEWSROOM_SITE_URL=https://news.example.org" in error.hint


@override_settings(NEWSROOM_SITE_URL="", DEBUG=True)
def test_debug_without_the_setting_passes_the_check():
    assert check_site_url() == []


@pytest.mark.parametrize(
    "value",
    [
        "https://news.example.org",
        "https://news.example.org/",
        "http://127.0.0.1:8000",
        "http://[::1]:8000",
    ],
)
def test_a_well_formed_setting_passes_the_check(value):
    with override_settings(NEWSROOM_SITE_URL=value, DEBUG=False):
        assert check_site_url() == []


@pytest.mark.parametrize(
    "value",
    [
        "news.example.org",
        "ftp://news.example.org",
        "https://",
        "https://news.example.org/news",
        "https://news.example.org/?utm=1",
        "https://news.example.org#top",
        "https://user:secret@news.example.org",
        "https://news.example.org:port",
        "https://news example.org",
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_a_malformed_setting_is_a_check_error(value, debug):
    with override_settings(NEWSROOM_SITE_URL=value, DEBUG=debug):
        (error,) = check_site_url()

    assert error.id == "newsroom.E002"
    assert "NEWSROOM_SITE_URL=https://news.example.org" in error.hint


def run_python(*args: str, **variables: str) -> subprocess.CompletedProcess:
    """Python in the project with production settings and only `variables` set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "NEWSROOM_"))
        and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY="site-url-tests-not-a-secret-" + "x" * 40,
        **variables,
    )
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_check_refuses_production_without_the_setting():
    result = run_python("manage.py", "check")

    assert result.returncode != 0
    assert "newsroom.E001" in result.stderr
    assert "NEWSROOM_SITE_URL=https://news.example.org" in result.stderr


def test_manage_py_check_refuses_a_malformed_setting():
    result = run_python("manage.py", "check", NEWSROOM_SITE_URL="news.example.org")

    assert result.returncode != 0
    assert "newsroom.E002" in result.stderr


def test_gunicorn_entry_point_refuses_production_without_the_setting():
    result = run_python("-c", "import newsroom.wsgi")

    assert result.returncode != 0
    assert "newsroom.E001" in result.stderr


def test_the_setting_is_read_from_the_environment_without_a_trailing_slash():
    result = run_python(
        "-c",
        "import newsroom.wsgi; from django.conf import settings; "
        "print(settings.NEWSROOM_SITE_URL)",
        NEWSROOM_SITE_URL=" https://news.example.org/ ",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "https://news.example.org\n"


# Staff pages are private ------------------------------------------------------------


def test_staff_pages_are_private_and_keep_no_store(admin_client, client, db):
    for response in [
        admin_client.get("/admin/"),
        client.get("/admin/"),  # the redirect to the login page
        client.get("/admin/login/"),
    ]:
        cache_control = response["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control
        assert "public" not in cache_control


def test_password_reset_pages_are_private(client, db):
    for url in [
        reverse("admin_password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url


def test_reader_pages_are_not_made_private(client, story):
    for url in ["/", story.get_absolute_url(), "/feed/", "/robots.txt"]:
        response = client.get(url)
        assert "private" not in response.get("Cache-Control", ""), url


def test_staff_middleware_decides_on_the_path_alone():
    # No session or user on these requests: reading either would fail here
    # (and would add Vary: Cookie to every reader page).
    def public(request):
        response = HttpResponse()
        response["Cache-Control"] = "public, max-age=60"
        return response

    middleware = StaffPagesPrivateMiddleware(public)
    factory = RequestFactory()

    staff = middleware(factory.get("/admin/anything/"))
    reader = middleware(factory.get("/administration-news/"))

    assert staff["Cache-Control"] == "max-age=60, private"
    assert reader["Cache-Control"] == "public, max-age=60"
    assert not staff.has_header("Vary")


def test_staff_middleware_sits_right_after_common_middleware(settings):
    position = settings.MIDDLEWARE.index("django.middleware.common.CommonMiddleware")

    assert settings.MIDDLEWARE[position + 1] == (
        "newsroom.middleware.StaffPagesPrivateMiddleware"
    )
