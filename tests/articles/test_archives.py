"""Monthly archives: /<year>/<month>/ and the list of months with articles."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article


def at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=UTC)


def months_of(response) -> list[dict]:
    # The home page hands the template the function, the archive its rows.
    months = response.context["archive_months"]
    return months() if callable(months) else months


def titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


@pytest.fixture
def months(make_article):
    """Published articles in September (1) and November 2025 (3), none in October."""
    make_article(title="September", slug="september", published_at=at(2025, 9, 10))
    make_article(title="Nov early", slug="nov-early", published_at=at(2025, 11, 1, 0))
    make_article(title="Nov late", slug="nov-late", published_at=at(2025, 11, 30, 23))
    make_article(title="Nov mid", slug="nov-mid", published_at=at(2025, 11, 15))


def test_month_lists_its_published_articles_newest_first(client, months):
    response = client.get("/2025/11/")

    assert response.status_code == 200
    assert titles(response) == ["Nov late", "Nov mid", "Nov early"]
    assert '<h1 class="section-title">Articles from November 2025</h1>' in (
        response.content.decode()
    )
    assert "<title>Articles from November 2025 | " in response.content.decode()


def test_month_leaves_out_drafts_and_scheduled_articles(client, months, make_article):
    make_article(
        title="Draft",
        slug="draft",
        status=Article.Status.DRAFT,
        published_at=at(2025, 11, 20),
    )
    make_article(
        title="Scheduled",
        slug="scheduled",
        published_at=timezone.now() + timedelta(days=2),
    )
    soon = timezone.localtime(timezone.now() + timedelta(days=2))

    assert titles(client.get("/2025/11/")) == ["Nov late", "Nov mid", "Nov early"]
    # The fixture's months are long past: the scheduled piece is alone in its month.
    assert client.get(soon.strftime("/%Y/%m/")).status_code == 404


def test_month_without_articles_is_404(client, months):
    assert client.get("/2025/10/").status_code == 404
    assert client.get("/2024/11/").status_code == 404


def test_month_with_only_a_draft_is_404(client, make_article):
    make_article(slug="draft", status=Article.Status.DRAFT, published_at=at(2025, 5, 5))

    assert client.get("/2025/05/").status_code == 404


@pytest.mark.parametrize("url", ["/2025/13/", "/2025/00/", "/0000/11/", "/2025/99/"])
def test_impossible_month_is_404(client, months, url):
    assert client.get(url).status_code == 404


def test_one_digit_month_is_not_an_archive_address(client, months):
    assert client.get("/2025/9/").status_code == 404


def test_month_links_to_the_nearest_months_with_articles(client, months):
    html = client.get("/2025/11/").content.decode()
    september = client.get("/2025/09/").content.decode()

    assert '<a href="/2025/09/" rel="prev">September 2025</a>' in html
    assert 'rel="next">' not in html.split('class="month-nav')[1].split("</nav>")[0]
    assert '<a href="/2025/11/" rel="next">November 2025</a>' in september


def test_archives_list_months_with_counts_newest_first(client, months, make_article):
    make_article(
        slug="draft", status=Article.Status.DRAFT, published_at=at(2025, 10, 1)
    )

    response = client.get("/2025/11/")

    assert months_of(response) == [
        {"month": date(2025, 11, 1), "count": 3},
        {"month": date(2025, 9, 1), "count": 1},
    ]
    html = response.content.decode()
    assert 'href="/2025/11/" aria-current="page">November 2025</a>' in html
    assert '<a href="/2025/09/">September 2025</a> <span' in html


def test_home_page_shows_the_archives(client, months):
    response = client.get("/")

    assert [row["count"] for row in months_of(response)] == [3, 1]
    html = response.content.decode()
    assert '<h2 class="sidebar-title" id="archive-months-title">Archives</h2>' in html
    assert '<a href="/2025/11/">November 2025</a>' in html


def test_month_boundaries_follow_the_site_time_zone(client, make_article, settings):
    settings.TIME_ZONE = "Europe/Paris"
    # 23:30 UTC on 31 October is 00:30 on 1 November in Paris.
    make_article(
        title="Halloween night", slug="late", published_at=at(2025, 10, 31, 23)
    )

    assert titles(client.get("/2025/11/")) == ["Halloween night"]
    assert client.get("/2025/10/").status_code == 404


def test_month_archive_is_paginated_by_ten(client, make_article):
    for day in range(1, 13):
        make_article(
            title=f"Day {day}", slug=f"day-{day}", published_at=at(2025, 3, day)
        )

    first = client.get("/2025/03/")
    second = client.get("/2025/03/?page=2")

    assert len(first.context["articles"]) == 10
    assert titles(second) == ["Day 2", "Day 1"]
    assert client.get("/2025/03/?page=3").status_code == 404
