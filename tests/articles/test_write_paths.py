"""Derived data follows every write, not only the admin's.

Each test writes as the shell or an import would, with plain ORM calls, and
then asks as a reader: search finds the article by what it now says, its
page shows the body's HTML, and the kept pages show the change.
"""

import re

import pytest
from django.urls import reverse

from articles.models import Article, Contributor, Tag

RESULT_TITLE = re.compile(
    r'<h2 class="article-card-title h4"><a href="[^"]+">([^<]+)</a>'
)
pytestmark = pytest.mark.django_db


def found(client, query: str) -> list[str]:
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    return RESULT_TITLE.findall(response.content.decode())


@pytest.fixture
def article(make_article):
    return make_article(title="Harbour report", body="The *ferry* timetable.")


def test_a_created_article_is_found_by_its_body_and_shows_its_html(client, article):
    page = client.get(article.get_absolute_url()).content.decode()

    assert found(client, "ferry") == ["Harbour report"]
    assert "<p>The <em>ferry</em> timetable.</p>" in page


def test_a_body_edited_from_the_shell_is_searched_and_shown_anew(client, article):
    client.get(article.get_absolute_url())  # kept by the page cache
    article.body = "The **tram** timetable."
    article.save()

    assert found(client, "tram") == ["Harbour report"]
    assert found(client, "ferry") == []
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>tram</strong>" in page


def test_a_tag_added_from_either_side_makes_the_article_found_by_it(client, article):
    bridges = Tag.objects.create(name="Bridges", slug="bridges")
    article.tags.add(bridges)
    assert found(client, "bridges") == ["Harbour report"]

    article.tags.remove(bridges)
    assert found(client, "bridges") == []

    bridges.articles.add(article)
    assert found(client, "bridges") == ["Harbour report"]


def test_a_tag_cleared_from_either_side_is_no_longer_searched(client, article, tag):
    article.tags.add(tag)
    assert found(client, "innovation") == ["Harbour report"]

    tag.articles.clear()
    assert found(client, "innovation") == []

    article.tags.add(tag)
    article.tags.clear()
    assert found(client, "innovation") == []


def test_a_renamed_tag_renames_what_search_finds(client, article, tag):
    article.tags.add(tag)
    tag.name = "Ingenuity"
    tag.save()

    assert found(client, "ingenuity") == ["Harbour report"]
    assert found(client, "innovation") == []


def test_a_deleted_tag_is_no_longer_searched(client, article, tag):
    article.tags.add(tag)
    tag.delete()

    assert found(client, "innovation") == []
    assert found(client, "ferry") == ["Harbour report"]


def test_a_renamed_writer_renames_what_search_finds(client, article):
    writer = Contributor.objects.get(pk=article.contributor_id)
    writer.name = "Grace Columnist"
    writer.save()

    assert found(client, "grace") == ["Harbour report"]
    assert found(client, "ada") == []
    # The byline of the kept article page too.
    assert "Grace Columnist" in client.get(article.get_absolute_url()).content.decode()


def test_an_article_deleted_from_the_shell_leaves_search_and_the_archive(
    client, article
):
    month = article.published_at
    archive = reverse(
        "articles:archive_month",
        kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"},
    )
    assert client.get(archive).status_code == 200

    Article.objects.filter(pk=article.pk).get().delete()

    assert found(client, "ferry") == []
    assert client.get(archive).status_code == 404
