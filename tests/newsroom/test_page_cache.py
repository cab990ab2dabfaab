"""The page cache: shared pages, kept whole, the same bytes for every reader.

The test settings run it as shipped; the freshness of every page after every
write is in test_freshness.py.
"""

import re
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from newsroom import pagecache

UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


def reader(**cookies) -> Client:
    client = Client(HTTP_USER_AGENT=UA)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


@pytest.fixture
def article(make_article, category, tag):
    return make_article(
        title="Cached story", slug="cached-story", categories=[category], tags=[tag]
    )


READER_PAGES = [
    "/",
    "/articles/cached-story/",
    "/category/ai/",
    "/tag/innovation/",
    "/contributors/ada-reporter/",
    "/search/?q=cached",
    "/feed/",
    "/articles/cached-story/comments/feed/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("url", READER_PAGES)
def test_an_anonymous_page_is_public_for_shared_caches(article, url, settings):
    settings.NEWSROOM_SHARED_CACHE_SECONDS = 42

    response = reader().get(url)

    assert response.status_code == 200
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "s-maxage=42"} <= control
    assert response["ETag"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_every_anonymous_reader_gets_the_same_bytes(article):
    plain = reader().get("/articles/cached-story/")
    # Cookies that once changed a page: CSRF, remembered details, pending ids.
    known = reader(
        csrftoken="a" * 32, comment_author="x", comments_pending="y", other="z"
    ).get("/articles/cached-story/")

    assert plain.content == known.content
    assert (plain["X-Cache"], known["X-Cache"]) == ("miss", "hit")


def test_an_article_page_carries_no_token_at_all(article, uncached):
    html = reader(csrftoken="b" * 32).get("/articles/cached-story/").content.decode()

    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert re.findall(r'<input type="hidden" name="token"[^>]*>', html) == [
        '<input type="hidden" name="token" id="id_token">'
    ]
    assert "b" * 32 not in html


def test_the_second_request_is_served_whole_without_a_query(
    article, django_assert_num_queries
):
    first = reader().get("/articles/cached-story/")

    with django_assert_num_queries(0):
        second = reader().get("/articles/cached-story/")

    assert second.content == first.content
    assert second["X-Cache"] == "hit"
    # What the layers outside the cache add, a kept page gets too.
    assert second["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_a_page_the_browser_has_gets_a_304_from_the_cache(article):
    first = reader().get("/")

    again = reader().get("/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_the_host_never_changes_a_page_or_its_key(article):
    first = reader().get("/articles/cached-story/", HTTP_HOST="localhost:1")
    second = reader().get(
        "/articles/cached-story/", secure=True, HTTP_X_FORWARDED_PROTO="https"
    )

    assert "localhost:1" not in first.content.decode()
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_each_query_string_is_its_own_page(make_article):
    for number in range(12):
        make_article(title=f"Story {number}", slug=f"story-{number}")

    first = reader().get("/")
    second = reader().get("/?page=2")

    assert second["X-Cache"] == "miss"
    assert first.content != second.content


def test_off_when_its_lifetime_is_zero(article, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0

    reader().get("/")
    second = reader().get("/")

    assert "X-Cache" not in second
    assert "public" in second["Cache-Control"]


def test_a_session_gets_a_private_page_that_is_never_kept(article, staff_editor):
    staff = Client()
    staff.force_login(staff_editor)

    first = staff.get("/articles/cached-story/")
    second = staff.get("/articles/cached-story/")
    anonymous = reader().get("/articles/cached-story/")

    assert "private" in first["Cache-Control"]
    assert "public" not in first["Cache-Control"]
    assert "X-Cache" not in second
    assert "Logged in as" in second.content.decode()
    assert anonymous["X-Cache"] == "miss"
    assert "Logged in as" not in anonymous.content.decode()


def test_a_staff_page_carries_its_own_tokens(article, staff_editor):
    staff = Client()
    staff.force_login(staff_editor)

    html = staff.get("/articles/cached-story/").content.decode()

    assert 'name="csrfmiddlewaretoken" value=""' not in html
    assert re.search(r'<input type="hidden" name="token" value="[^"]+"', html)


def test_a_preview_is_private_and_never_kept(make_article, staff_editor):
    draft = make_article(title="Draft", slug="draft", status="draft")
    staff = Client()
    staff.force_login(staff_editor)

    response = staff.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert reader().get(draft.get_absolute_url()).status_code == 404


def test_a_deleted_article_is_gone_at_once(article):
    assert reader().get("/articles/cached-story/").status_code == 200

    article.delete()

    assert reader().get("/articles/cached-story/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/", "/articles/cached-story/", "/feed/", "/sitemap.xml", "/robots.txt"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_reader_pages_answer_get_and_head_only(article, url, method):
    response = getattr(reader(), method)(url)

    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD"]


def test_trace_is_refused_too(article):
    response = reader().generic("TRACE", "/feed/")

    assert response.status_code == 405


def test_head_is_answered_from_the_cache(article):
    first = reader().get("/")

    head = reader().head("/")

    assert head.status_code == 200
    assert head["X-Cache"] == "hit"
    assert head["ETag"] == first["ETag"]


def test_a_scheduled_article_appears_when_its_time_comes(make_article, article):
    from django.utils import timezone

    due = timezone.now() + timezone.timedelta(seconds=30)
    make_article(title="Scheduled piece", slug="scheduled", published_at=due)
    pagecache.invalidate()  # as the save's commit would
    assert "Scheduled piece" not in reader().get("/").content.decode()
    assert reader().get("/")["X-Cache"] == "hit"

    later = time.time() + 31
    with (
        mock.patch("newsroom.pagecache.time.time", return_value=later),
        mock.patch(
            "django.utils.timezone.now",
            return_value=due + timezone.timedelta(seconds=1),
        ),
    ):
        response = reader().get("/")

    assert "Scheduled piece" in response.content.decode()


def test_a_page_is_not_kept_past_the_next_scheduled_publication(make_article, article):
    from django.utils import timezone

    due = timezone.now() + timezone.timedelta(seconds=20)
    make_article(title="Scheduled piece", slug="scheduled", published_at=due)
    pagecache.invalidate()

    with mock.patch.object(pagecache, "_keep") as keep:
        reader().get("/")

    seconds = keep.call_args.args[2]
    assert 0 < seconds <= 20


def test_pages_are_made_as_usual_when_the_pages_cache_is_unreachable(article, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: every connection is refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }

    first = reader().get("/articles/cached-story/")
    second = reader().get("/articles/cached-story/")

    assert second.status_code == 200
    assert "Cached story" in second.content.decode()
    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_pages_are_made_and_not_kept_when_the_stamp_cannot_be_read(article):
    with mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")):
        first = reader().get("/")
        second = reader().get("/")

    assert "Cached story" in second.content.decode()
    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_a_lost_stamp_is_made_again(article):
    reader().get("/")
    cache.delete(pagecache.STAMP_KEY)

    response = reader().get("/")

    assert response["X-Cache"] == "miss"
    assert cache.get(pagecache.STAMP_KEY) is not None


def test_a_response_that_sets_a_cookie_is_never_kept():
    from django.http import HttpResponse

    response = HttpResponse("x")
    response["Cache-Control"] = "public, max-age=0"
    response.set_cookie("choice", "1")

    assert pagecache._storable(response) is False
    del response.cookies["choice"]
    assert pagecache._storable(response) is True
    response["Vary"] = "Cookie"
    assert pagecache._storable(response) is False
