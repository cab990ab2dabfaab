"""The page cache for anonymous readers (newsroom/pagecache.py), through the client."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_unpublish
from comments.forms import TOKEN_SALT
from comments.models import Comment
from comments.services import comment_erase, comment_moderate

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN_FIELD = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def article(make_article, category, tag):
    return make_article(
        title="Cached story", slug="cached-story", categories=[category], tags=[tag]
    )


def reader(**extra) -> Client:
    return Client(HTTP_USER_AGENT=READER_UA, **extra)


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def without_tokens(response) -> str:
    return without_tokens_html(response.content.decode())


def without_tokens_html(html: str) -> str:
    return FORM_TOKEN_FIELD.sub("", CSRF_FIELD.sub("", html))


def schedule_in_two_seconds(make_article):
    make_article(
        title="Embargoed story",
        slug="embargoed",
        published_at=timezone.now() + timedelta(seconds=2),
    )


def assert_appears_when_due():
    before = get(reader(), "/").content.decode()
    time.sleep(2.1)
    after = get(reader(), "/").content.decode()

    assert "Embargoed story" not in before
    assert "Embargoed story" in after


def approved(article, **fields) -> Comment:
    fields.setdefault("name", "Rita Reader")
    fields.setdefault("email", "public@example.net")
    fields.setdefault("body", "A first thought.")
    return Comment.objects.create(
        article=article, status=Comment.Status.APPROVED, **fields
    )


# Served from the cache --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/cached-story/",
        "/category/ai/",
        "/tag/innovation/",
        "/contributors/ada-reporter/",
        "/search/?q=cached",
        "/feed/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    url, article, django_assert_num_queries
):
    first = get(reader(), url)
    if url.startswith("/articles/"):
        # Each reader's first view counts: one UPDATE, nothing else.
        expected_queries = 1
    else:
        expected_queries = 0

    with django_assert_num_queries(expected_queries):
        second = get(reader(REMOTE_ADDR="198.51.100.9"), url)

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second["Content-Type"] == first["Content-Type"]
    assert without_tokens(second) == without_tokens(first)


def test_a_cached_page_keeps_security_headers_and_the_view_headers(article):
    get(reader(), "/search/?q=cached")
    response = get(reader(), "/search/?q=cached")

    assert response["X-Cache"] == "hit"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_feeds_keep_their_public_cache_control_from_the_cache(article):
    get(reader(), "/feed/")
    response = get(reader(), "/feed/")

    assert response["X-Cache"] == "hit"
    assert response["Cache-Control"] == "public, max-age=900"


def test_each_address_query_and_scheme_is_its_own_page(make_article):
    for number in range(11):
        make_article(title=f"Story {number}", slug=f"story-{number}")
    client = reader()
    assert get(client, "/")["X-Cache"] == "miss"
    assert get(client, "/?page=2")["X-Cache"] == "miss"
    assert get(client, "/", secure=True)["X-Cache"] == "miss"
    assert "Story 0" in get(client, "/?page=2").content.decode()
    assert get(client, "/")["X-Cache"] == "hit"


def test_off_when_the_lifetime_is_zero(article, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    get(reader(), "/")
    response = get(reader(), "/")

    assert "X-Cache" not in response


# The per-reader values of a cached page ----------------------------------------------


def test_a_cached_article_page_gives_each_reader_a_working_csrf_token(
    article, discussion
):
    discussion.hold_all = False
    discussion.min_fill_seconds = 0
    discussion.save()
    get(reader(), article.get_absolute_url())
    browser = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=READER_UA)

    page = get(browser, article.get_absolute_url())
    html = page.content.decode()
    response = browser.post(
        reverse("comments:post", args=[article.pk]),
        {
            "csrfmiddlewaretoken": CSRF_FIELD.search(html).group(1),
            "token": FORM_TOKEN_FIELD.search(html).group(1),
            "name": "Second Reader",
            "email": "second@example.net",
            "body": "Posted from a page that came from the cache.",
            "honeypot": "",
        },
        REMOTE_ADDR="198.51.100.20",
    )

    assert page["X-Cache"] == "hit"
    assert response.status_code == 303
    assert Comment.objects.get().name == "Second Reader"


def test_a_cached_article_page_carries_a_form_token_issued_now(article):
    get(reader(), article.get_absolute_url())
    time.sleep(1.1)
    page = get(reader(), article.get_absolute_url())

    token = FORM_TOKEN_FIELD.search(page.content.decode()).group(1)
    payload = signing.loads(token, salt=TOKEN_SALT)
    assert page["X-Cache"] == "hit"
    assert payload["a"] == article.pk
    assert int(time.time()) - payload["t"] <= 1


# Never someone else's page -----------------------------------------------------------


def test_logged_in_staff_get_their_own_page_and_it_is_not_stored(
    client, article, staff_editor
):
    get(reader(), article.get_absolute_url())
    client.force_login(staff_editor)

    staff_page = get(client, article.get_absolute_url())
    anonymous_page = get(reader(), article.get_absolute_url())

    assert "X-Cache" not in staff_page
    assert "Logged in as" in staff_page.content.decode()
    assert anonymous_page["X-Cache"] == "hit"
    assert "Logged in as" not in anonymous_page.content.decode()


def test_a_page_made_for_staff_is_never_served_to_readers(
    client, article, staff_editor
):
    client.force_login(staff_editor)
    get(client, "/")
    get(client, article.get_absolute_url())

    assert get(reader(), "/")["X-Cache"] == "miss"
    assert get(reader(), article.get_absolute_url())["X-Cache"] == "miss"


def test_a_commenter_with_a_pending_comment_sees_it_and_nobody_else_does(
    client, post_comment, article
):
    get(reader(), article.get_absolute_url())

    post_comment(article, body="Waiting for a moderator.")
    own_page = get(client, article.get_absolute_url())
    other_page = get(reader(), article.get_absolute_url())

    assert "X-Cache" not in own_page
    assert "Waiting for a moderator." in own_page.content.decode()
    assert other_page["X-Cache"] == "hit"
    assert "Waiting for a moderator." not in other_page.content.decode()
    assert "rita@example.net" not in other_page.content.decode()


def test_remembered_details_are_never_stored_or_served_to_others(
    client, post_comment, article, discussion
):
    discussion.hold_all = False
    discussion.save()
    post_comment(article, remember="on", name="Remembered Reader")
    own_page = get(client, article.get_absolute_url())
    other_page = get(reader(), article.get_absolute_url())

    assert "rita@example.net" in own_page.content.decode()
    assert "X-Cache" not in own_page
    assert other_page["X-Cache"] == "miss"
    assert "rita@example.net" not in other_page.content.decode()


def test_a_preview_is_never_stored(client, make_article, staff_editor):
    draft = make_article(title="Secret draft", slug="secret", status="draft")
    client.force_login(staff_editor)
    get(client, draft.get_absolute_url())

    assert reader().get(draft.get_absolute_url()).status_code == 404


# Invalidation -------------------------------------------------------------------------


def test_publishing_an_article_shows_it_at_once(
    article, make_article, django_capture_on_commit_callbacks
):
    draft = make_article(title="Fresh news", slug="fresh", status="draft")
    get(reader(), "/")

    with django_capture_on_commit_callbacks(execute=True):
        article_publish(articles=Article.objects.filter(pk=draft.pk))
    page = get(reader(), "/")

    assert page["X-Cache"] == "miss"
    assert "Fresh news" in page.content.decode()


def test_unpublishing_removes_it_at_once(article, django_capture_on_commit_callbacks):
    get(reader(), "/")
    get(reader(), "/category/ai/")

    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(articles=Article.objects.filter(pk=article.pk))

    assert "Cached story" not in get(reader(), "/").content.decode()
    assert "Cached story" not in get(reader(), "/category/ai/").content.decode()
    assert reader().get(article.get_absolute_url()).status_code == 404


def test_an_edited_article_shows_the_change_at_once(
    article, django_capture_on_commit_callbacks
):
    get(reader(), article.get_absolute_url())
    get(reader(), "/feed/")

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Corrected headline"
        article.save()

    assert (
        "Corrected headline"
        in get(reader(), article.get_absolute_url()).content.decode()
    )
    assert "Corrected headline" in get(reader(), "/feed/").content.decode()


def test_a_renamed_tag_shows_at_once(article, tag, django_capture_on_commit_callbacks):
    get(reader(), article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "Renamed tag"
        tag.save()

    assert "Renamed tag" in get(reader(), article.get_absolute_url()).content.decode()


def test_an_approved_comment_shows_at_once_and_a_removed_one_goes(
    article, django_capture_on_commit_callbacks, admin_user
):
    pending = Comment.objects.create(
        article=article, name="Held Reader", email="held@example.net", body="Held."
    )
    get(reader(), article.get_absolute_url())
    get(reader(), "/")

    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(
            comments=Comment.objects.filter(pk=pending.pk),
            status=Comment.Status.APPROVED,
            moderator=admin_user,
        )
    shown = get(reader(), article.get_absolute_url()).content.decode()
    home = get(reader(), "/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(
            comments=Comment.objects.filter(pk=pending.pk),
            status=Comment.Status.TRASH,
            moderator=admin_user,
        )
    gone = get(reader(), article.get_absolute_url()).content.decode()

    assert "Held Reader" in shown
    assert "1 Comment<" in home
    assert "Held Reader" not in gone


def test_erased_commenter_details_go_at_once(
    article, django_capture_on_commit_callbacks
):
    comment = approved(article, name="Named Reader")
    get(reader(), article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        comment_erase(comments=Comment.objects.filter(pk=comment.pk))

    assert (
        "Named Reader" not in get(reader(), article.get_absolute_url()).content.decode()
    )


def test_a_new_pending_comment_keeps_the_cached_pages(post_comment, article):
    get(reader(), article.get_absolute_url())
    post_comment(article)

    assert get(reader(), article.get_absolute_url())["X-Cache"] == "hit"


def test_a_scheduled_article_appears_when_its_time_comes(
    article, make_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_in_two_seconds(make_article)
    assert_appears_when_due()


# View counts -------------------------------------------------------------------------


def test_views_served_from_the_cache_are_counted_once_per_reader(article):
    for number in range(3):
        get(reader(REMOTE_ADDR=f"198.51.100.{number}"), article.get_absolute_url())
    repeat = get(reader(REMOTE_ADDR="198.51.100.0"), article.get_absolute_url())
    bot = get(
        Client(HTTP_USER_AGENT="Googlebot/2.1", REMOTE_ADDR="198.51.100.50"),
        article.get_absolute_url(),
    )

    article.refresh_from_db()
    assert (repeat["X-Cache"], bot["X-Cache"]) == ("hit", "hit")
    assert article.view_count == 3


def test_the_number_shown_may_lag_until_the_page_is_made_again(article):
    first = get(reader(REMOTE_ADDR="198.51.100.1"), article.get_absolute_url())
    second = get(reader(REMOTE_ADDR="198.51.100.2"), article.get_absolute_url())

    assert "Views: 1" in first.content.decode()
    assert "Views: 1" in second.content.decode()


# Conditional requests ----------------------------------------------------------------


@pytest.mark.parametrize("seconds", [0, 300])
def test_a_page_the_browser_has_gets_a_304(article, settings, seconds):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = seconds
    client = reader()
    first = get(client, article.get_absolute_url())
    second = get(client, article.get_absolute_url())

    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"] == second["ETag"]
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_page_gets_a_new_etag(article, django_capture_on_commit_callbacks):
    client = reader()
    first = get(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "A new headline"
        article.save()

    response = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]


# Fragments (with the whole-page cache off) -------------------------------------------


@pytest.fixture
def fragments_only(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300


def test_fragments_save_the_list_and_sidebar_queries(
    fragments_only, article, django_assert_num_queries
):
    get(reader(), "/")

    # Cards, page count, archive months and navigation are all stored.
    with django_assert_num_queries(0):
        page = get(reader(), "/")

    assert "Cached story" in page.content.decode()
    assert "X-Cache" not in page


def test_fragments_follow_an_edit_at_once(
    fragments_only, article, django_capture_on_commit_callbacks
):
    get(reader(), "/")
    get(reader(), article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Edited headline"
        article.save()

    assert "Edited headline" in get(reader(), "/").content.decode()
    assert "Edited headline" in get(reader(), "/category/ai/").content.decode()


def test_fragments_show_a_scheduled_article_on_time(
    fragments_only, article, make_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_in_two_seconds(make_article)
    assert_appears_when_due()


def test_the_thread_fragment_is_never_a_pending_commenters(
    fragments_only, client, post_comment, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved(article, name="Public Reader", body="Visible to all.")
    get(reader(), article.get_absolute_url())

    post_comment(article, body="Only mine for now.")
    own = get(client, article.get_absolute_url()).content.decode()
    other = get(reader(), article.get_absolute_url()).content.decode()

    assert "Visible to all." in own
    assert "Only mine for now." in own
    assert "Visible to all." in other
    assert "Only mine for now." not in other


def test_a_lost_stamp_is_made_again_with_the_next_scheduled_time(article, make_article):
    schedule_in_two_seconds(make_article)
    # The cache lost everything (a restart): the new stamp reads the schedule.
    cache.clear()
    assert_appears_when_due()


def test_the_shared_form_gives_each_reader_their_own_working_tokens(
    fragments_only, article, discussion
):
    discussion.hold_all = False
    discussion.min_fill_seconds = 0
    discussion.save()
    get(reader(), article.get_absolute_url())
    first = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=READER_UA)
    second = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=READER_UA)

    first_html = get(first, article.get_absolute_url()).content.decode()
    second_html = get(second, article.get_absolute_url()).content.decode()
    response = second.post(
        reverse("comments:post", args=[article.pk]),
        {
            "csrfmiddlewaretoken": CSRF_FIELD.search(second_html).group(1),
            "token": FORM_TOKEN_FIELD.search(second_html).group(1),
            "name": "Second Reader",
            "email": "second@example.net",
            "body": "Posted through the shared form.",
            "honeypot": "",
        },
        REMOTE_ADDR="198.51.100.21",
    )

    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert without_tokens_html(first_html) == without_tokens_html(second_html)
    assert response.status_code == 303
    assert Comment.objects.get().body == "Posted through the shared form."


# When the caches are away ----------------------------------------------------------


def test_pages_are_made_as_usual_when_redis_is_unreachable(article, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            # Nothing listens on port 1: every connection is refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }

    first = get(reader(), article.get_absolute_url())
    second = get(reader(), article.get_absolute_url())

    assert "Cached story" in second.content.decode()
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "miss")


def test_pages_are_made_uncached_when_the_shared_cache_fails(article):
    with mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")):
        first = get(reader(), "/")
        second = get(reader(), "/")

    assert "Cached story" in second.content.decode()
    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_pages_outside_the_cache_never_read_its_stamp(article):
    with mock.patch("newsroom.pagecache.current", return_value=(None, 0)) as stamp:
        assert reader().get("/admin/login/").status_code == 200
        assert reader().get("/robots.txt", secure=True).status_code == 200
        untouched = stamp.call_count
        get(reader(), "/")

    assert untouched == 1  # robots.txt: kept whole
    assert stamp.call_count == 2


def test_feeds_and_sitemaps_are_kept_whole_and_follow_an_edit(
    fragments_only, article, django_capture_on_commit_callbacks
):
    first = get(reader(), "/feed/")
    again = get(reader(), "/feed/")
    sitemap = get(reader(), "/sitemap-articles.xml")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Headline for the feed"
        article.save()
    edited = get(reader(), "/feed/")

    assert again.content == first.content
    assert again["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert again["Cache-Control"] == "public, max-age=900"
    assert again["Last-Modified"] == first["Last-Modified"]
    assert b"cached-story" in sitemap.content
    assert "Headline for the feed" in edited.content.decode()


def test_a_kept_article_head_shows_a_count_and_counts_every_reader(
    fragments_only, article
):
    pages = [
        get(reader(REMOTE_ADDR=f"198.51.100.{number}"), article.get_absolute_url())
        for number in range(3)
    ]

    article.refresh_from_db()
    assert article.view_count == 3
    for page in pages:
        html = page.content.decode()
        assert "\x00" not in html
        # The kept article's count plus this view: it lags, never exceeds.
        assert re.search(r"\| Views: [1-3]</p>", html)
