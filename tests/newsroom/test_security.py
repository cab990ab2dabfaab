"""Security headers, the Content-Security-Policy and the deploy check.

Requests use `secure=True`: production settings send cookies and HSTS only over
HTTPS, and that is what a reader's browser speaks.
"""

import secrets
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from comments.models import Comment
from comments.rules import FLOOD_MESSAGE
from tests.comment_html import parse

# django-csp writes the directives in no fixed order: compare them as a dict.
READER_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, sources = part.strip().partition(" ")
        directives[name] = sources
    return directives


@pytest.fixture
def article(make_article):
    return make_article(title="Safe reading", slug="safe-reading")


@pytest.fixture
def production(settings):
    """Production behaviour on top of the test settings: HTTPS is enforced."""
    settings.SECURE_SSL_REDIRECT = True
    return settings


# Headers -----------------------------------------------------------------------


def test_reader_page_sends_every_security_header(production, client, article):
    response = client.get(article.get_absolute_url(), secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert policy(response) == READER_POLICY


def test_reader_policy_allows_no_inline_script_or_style(production, client, article):
    response = client.get(article.get_absolute_url(), secure=True)

    directives = policy(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"


@pytest.mark.parametrize("path", ["/", "/safe-reading/", "/search/?q=safe"])
def test_reader_pages_carry_no_script_the_policy_would_block(client, article, path):
    # Every script is a file of ours; an inline block may only be data
    # (JSON-LD), which browsers do not run and script-src does not govern.
    if path == "/safe-reading/":
        path = article.get_absolute_url()
    response = client.get(path, secure=True)

    assert response.status_code == 200
    tags = parse(response.content.decode()).tags
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts, "the page loads at least Bootstrap's script"
    for attrs in scripts:
        assert (attrs.get("src") or "").startswith("/static/") or attrs.get(
            "type"
        ) == "application/ld+json", attrs
    assert [attrs for tag, attrs in tags if "style" in attrs] == []
    assert [tag for tag, attrs in tags if tag == "style"] == []
    handlers = [name for _, attrs in tags for name in attrs if name.startswith("on")]
    assert handlers == []


def test_http_is_redirected_even_with_a_forged_forwarded_proto(
    production, client, article
):
    # Without DJANGO_SECURE_PROXY_SSL_HEADER the header is not trusted: a
    # plain-HTTP client cannot claim to be on HTTPS.
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(
    production, client, admin_user
):
    login = client.get(reverse("admin:login"), secure=True)
    response = client.post(
        reverse("admin:login"),
        {
            "username": "admin",
            "password": "password",
            "csrfmiddlewaretoken": login.cookies["csrftoken"].value,
        },
        secure=True,
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (
        True,
        True,
        "Lax",
    )
    assert login.cookies["csrftoken"]["secure"] is True


def test_a_forged_forwarded_for_does_not_dodge_the_comment_flood_limit(
    post_comment, client, article, settings, discussion
):
    # Each comment from a new email, each claiming a new address: with no
    # trusted proxy only REMOTE_ADDR counts, and it is the same.
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    discussion.flood_seconds = 60
    discussion.save()
    first = post_comment(article, email="one@example.net")

    client.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.77"
    second = post_comment(article, email="two@example.net", body="Another one.")

    assert first.status_code == 303
    assert second.status_code == 400
    # The one message above the form (templates/comments/form.html).
    assert (
        '<div class="alert alert-danger" role="alert">'
        f'<p class="mb-0">{FLOOD_MESSAGE}</p></div>'
    ) in second.content.decode()
    assert list(Comment.objects.values_list("email", "ip_address")) == [
        ("one@example.net", "192.0.2.10")
    ]


# The admin under the policy --------------------------------------------------------


def test_admin_policy_adds_only_inline_styles(production, admin_client, article):
    response = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk]), secure=True
    )

    assert response.status_code == 200
    assert policy(response) == {**READER_POLICY, "style-src": "'self' 'unsafe-inline'"}
    assert response["X-Frame-Options"] == "DENY"


def test_admin_change_form_runs_only_script_files(production, admin_client, article):
    response = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk]), secure=True
    )

    html = response.content.decode()
    tags = parse(html).tags
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    # The admin passes data to its scripts in data- attributes and JSON
    # blocks, never in inline code; its translations come from /admin/jsi18n/.
    for attrs in scripts:
        src = attrs.get("src") or ""
        assert (src.startswith("/") and not src.startswith("//")) or attrs.get(
            "type"
        ) == "application/json", attrs
    # Autocomplete widgets and the image preview are on the page.
    assert "data-autocomplete-light" not in html
    assert "admin/js/autocomplete.js" in html
    assert "javascript:" not in html
    handlers = [name for _, attrs in tags for name in attrs if name.startswith("on")]
    assert handlers == []


def test_admin_autocomplete_answers_under_the_policy(production, admin_client, tag):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "tags",
            "term": "innov",
        },
        secure=True,
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(tag.pk), "text": "Innovation"}]
    assert policy(response)["connect-src"] == "'self'"


def test_admin_image_preview_is_same_origin(
    production, admin_client, make_article, png_upload, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(featured_image=png_upload(), featured_image_alt="Red box")

    response = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk]), secure=True
    )

    # A path on this site, which img-src 'self' allows.
    assert article.featured_image.url.startswith("/media/")
    assert f'<img src="{article.featured_image.url}"' in response.content.decode()
    assert policy(response)["img-src"] == "'self' data:"


# Error pages --------------------------------------------------------------------


def test_not_found_page_has_the_strict_policy(production, client, db):
    response = client.get("/no-such-page/", secure=True)

    assert response.status_code == 404
    assert policy(response) == READER_POLICY


def test_server_error_page_may_use_its_own_style_block(production, db, settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.urls_error"
    client = Client(raise_request_exception=False)

    response = client.get("/broken/", secure=True)

    assert response.status_code == 500
    assert policy(response)["style-src"] == "'self' 'unsafe-inline'"
    assert policy(response)["script-src"] == "'self'"


# Deploy check -------------------------------------------------------------------


def test_deploy_check_finds_nothing_with_production_settings(
    production, settings, monkeypatch
):
    # The test settings' own key is short on purpose; production's is long.
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    # The browser tests set this for the rest of the run (Playwright keeps an
    # event loop open); no deployment does, and the check rightly says so.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    out = StringIO()

    call_command("check", "--deploy", "--fail-level", "WARNING", stdout=out)

    # The one silenced check: axes wanting a shared cache, which production
    # has (Redis or the database table) and the test run's memory cache is not.
    assert out.getvalue() == "System check identified no issues (1 silenced).\n"
