"""View counting through the HTTP client.

A view is counted when the article page's script asks `/reader/state/` for the
reader's state (articles/state.py): so a page served from any cache counts
too, and machines that run no script never do. The page itself counts
nothing.
"""

import pickle
import re
import threading
import time
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
OTHER_READER_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15"
READER_IP = "203.0.113.77"
URL = "/articles/counted/"
STATE = "/reader/state/"
VIEW_KEY_RE = re.compile(r"^:\d+:article-view:")


@pytest.fixture
def article(make_article):
    return make_article(slug="counted")


def read(client, *, address=READER_IP, user_agent=READER_UA, slug="counted", **extra):
    """What a reader's browser does: the page, then its script's state request."""
    page = client.get(
        f"/articles/{slug}/",
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=user_agent,
        **extra,
    )
    article = Article.objects.filter(slug=slug).first()
    state = client.get(
        STATE,
        {"article": article.pk},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=user_agent,
        **extra,
    )
    page.state = state.json()
    return page


def stored_count(article) -> int:
    article.refresh_from_db(fields=["view_count"])
    return article.view_count


def view_keys() -> list[str]:
    # The locmem backend keeps its entries in a dict of made keys.
    return [key for key in cache._cache if VIEW_KEY_RE.match(key)]


# Counting once per reader per window -----------------------------------------------


def test_a_reader_view_adds_exactly_one(client, article):
    response = read(client)

    assert response.status_code == 200
    assert stored_count(article) == 1


def test_a_second_view_by_the_same_reader_within_the_window_adds_nothing(
    client, article
):
    read(client)
    read(client)

    assert stored_count(article) == 1


def test_a_reader_counts_again_once_the_window_entry_is_gone(client, article):
    read(client)
    cache.clear()
    read(client)

    assert stored_count(article) == 2


def test_the_window_entry_lasts_the_configured_seconds_then_counts_again(
    client, article, settings
):
    settings.NEWSROOM_VIEW_WINDOW_SECONDS = 120
    before = time.time()
    read(client)
    after = time.time()
    keys = view_keys()
    assert len(keys) == 1
    expires = cache._expire_info[keys[0]]
    assert before + 120 <= expires <= after + 120

    # Expire the entry the way time would, without waiting for it.
    cache._expire_info[keys[0]] = time.time() - 1
    read(client)

    assert stored_count(article) == 2


def test_distinct_readers_each_count(client, article):
    read(client, address="198.51.100.1")
    read(client, address="198.51.100.2")
    read(client, address="198.51.100.1", user_agent=OTHER_READER_UA)

    assert stored_count(article) == 3


def test_views_of_different_articles_by_one_reader_each_count(
    client, article, make_article
):
    other = make_article(slug="other")

    read(client)
    read(client, slug="other")

    assert stored_count(article) == 1
    assert stored_count(other) == 1


# Requests that never count --------------------------------------------------------


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
        "   ",
    ],
)
def test_bots_and_blank_user_agents_do_not_count(client, article, user_agent):
    response = read(client, user_agent=user_agent)

    assert response.status_code == 200
    assert stored_count(article) == 0


def test_a_request_without_a_user_agent_header_does_not_count(client, article):
    response = client.get(STATE, {"article": article.pk}, REMOTE_ADDR=READER_IP)

    assert response.status_code == 200
    assert stored_count(article) == 0


def test_head_requests_do_not_count(client, article):
    page = client.head(URL, REMOTE_ADDR=READER_IP, HTTP_USER_AGENT=READER_UA)
    state = client.head(
        STATE, {"article": article.pk}, REMOTE_ADDR=READER_IP, HTTP_USER_AGENT=READER_UA
    )

    assert (page.status_code, state.status_code) == (200, 405)
    assert stored_count(article) == 0


def test_reading_the_page_alone_counts_nothing(client, article):
    client.get(URL, REMOTE_ADDR=READER_IP, HTTP_USER_AGENT=READER_UA)

    assert stored_count(article) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
    ],
)
def test_prefetches_do_not_count(client, article, headers):
    response = read(client, headers=headers)

    assert response.status_code == 200
    assert stored_count(article) == 0


def test_a_prefetch_does_not_use_up_the_readers_window(client, article):
    read(client, headers={"Sec-Purpose": "prefetch"})
    read(client)

    assert stored_count(article) == 1


def test_logged_in_staff_do_not_count(client, article, staff_editor):
    client.force_login(staff_editor)

    response = read(client)

    assert response.status_code == 200
    assert stored_count(article) == 0


def test_staff_previews_of_drafts_do_not_count(client, make_article, staff_editor):
    draft = make_article(slug="counted", status=Article.Status.DRAFT)
    client.force_login(staff_editor)

    response = read(client)

    assert response.status_code == 200
    assert stored_count(draft) == 0


def test_a_draft_is_404_for_readers_and_does_not_count(client, make_article):
    draft = make_article(slug="counted", status=Article.Status.DRAFT)

    response = read(client)

    assert response.status_code == 404
    assert response.state["views"] is None
    assert stored_count(draft) == 0


# What the byline shows -------------------------------------------------------------


def test_without_trusted_proxies_forwarded_addresses_are_ignored(client, article):
    read(client, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    read(client, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert stored_count(article) == 1


def test_behind_a_trusted_proxy_each_forwarded_reader_counts(client, article, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    for reader in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]:
        read(client, address="127.0.0.1", HTTP_X_FORWARDED_FOR=reader)

    assert stored_count(article) == 3


def test_a_reader_cannot_count_twice_by_forging_forwarded_entries(
    client, article, settings
):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    # The proxy appends the address it saw; anything before it is the
    # client's own claim and must not make a new reader.
    read(client, address="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    read(client, address="127.0.0.1", HTTP_X_FORWARDED_FOR="2.2.2.2, 198.51.100.7")

    assert stored_count(article) == 1


def test_production_database_cache_counts_a_reader_once(client, article, settings):
    # What production uses without Redis: one table that every worker shares.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
        },
        "pages": settings.CACHES["pages"],
    }
    call_command("createcachetable")

    read(client)
    read(client)
    read(client, address="203.0.113.99")

    assert stored_count(article) == 2


def test_article_is_served_uncounted_when_the_cache_is_down(client, article):
    with mock.patch(
        "articles.services.cache.add", side_effect=ConnectionError("cache down")
    ):
        response = read(client)

    assert response.status_code == 200
    assert response.state["views"] == 0
    assert stored_count(article) == 0


def test_the_state_tells_the_count_including_this_view(client, make_article):
    make_article(slug="counted", view_count=9)

    response = read(client)

    assert response.state["views"] == 10


def test_the_state_tells_the_stored_count_for_a_view_that_does_not_count(
    client, make_article
):
    make_article(slug="counted", view_count=9)

    bot = read(client, user_agent="curl/8.5.0")
    first = read(client)
    repeat = read(client)

    assert [bot.state["views"], first.state["views"], repeat.state["views"]] == [
        9,
        10,
        10,
    ]


def test_a_page_made_afresh_prints_the_stored_count(client, make_article, uncached):
    make_article(slug="counted", view_count=9)

    response = read(client)

    assert '| Views: <span class="view-count">9</span></p>' in response.content.decode()


# How the count is written --------------------------------------------------------


def test_counting_is_one_update_that_leaves_updated_at_alone(client, article):
    article.refresh_from_db()
    updated_at = article.updated_at

    with CaptureQueriesContext(connection) as queries:
        client.get(
            STATE,
            {"article": article.pk},
            REMOTE_ADDR=READER_IP,
            HTTP_USER_AGENT=READER_UA,
        )

    updates = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")
    ]
    assert len(updates) == 1
    assert "view_count" in updates[0]
    assert "updated_at" not in updates[0]
    article.refresh_from_db()
    assert article.view_count == 1
    assert article.updated_at == updated_at


def test_no_ip_address_is_stored_in_the_cache_or_the_database(client, article):
    read(client)

    keys = view_keys()
    assert len(keys) == 1
    for key, value in cache._cache.items():
        assert READER_IP not in key
        assert READER_IP not in repr(pickle.loads(value))
    for model in apps.get_models():
        for row in model._default_manager.values_list():
            assert READER_IP not in repr(row), model


# Concurrency ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_views_by_distinct_readers_all_count(make_article):
    article = make_article(slug="counted")
    readers = 16
    barrier = threading.Barrier(readers)
    statuses = [None] * readers
    errors = []

    def view(index):
        try:
            reader = Client()
            barrier.wait(timeout=30)
            response = read(reader, address=f"198.51.100.{index + 1}")
            statuses[index] = response.status_code
        except Exception as exc:  # reported below, with the thread's index
            errors.append((index, exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=view, args=(i,)) for i in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [200] * readers
    assert stored_count(article) == readers
