"""Reader search at /search/?q=: what it finds, in what order, and how it fails.

The same tests run on SQLite (FTS5) and PostgreSQL (full-text search): the
words a reader types must give the same articles on both.
"""

import importlib
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Contributor, Tag
from articles.search import plain_text, query_words, search_terms
from articles.services import article_refresh_search_text

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
RESULT_TITLE = re.compile(
    r'<h2 class="article-card-title h4"><a href="[^"]+">([^<]+)</a>'
)


@pytest.fixture
def publish(make_article):
    """A published article, its search text written as every save writes it."""
    return make_article


def search(client, query, **params):
    return client.get(reverse("articles:search"), {"q": query, **params})


def found(client, query, **params) -> list[str]:
    response = search(client, query, **params)
    assert response.status_code == 200
    return RESULT_TITLE.findall(response.content.decode())


# Matching and ranking -----------------------------------------------------------


def test_title_match_ranks_above_dek_match_above_body_only_match(client, publish):
    now = timezone.now()
    # The body-only match is the newest, so date order would put it first.
    publish(
        title="Harbour notes",
        body="The lighthouse keeper retired.",
        published_at=now - timedelta(hours=1),
    )
    publish(
        title="Coastal budget",
        dek="Money for the lighthouse at last.",
        body="Councillors voted on Tuesday.",
        published_at=now - timedelta(hours=2),
    )
    publish(
        title="The lighthouse reopens",
        body="Visitors can climb the stairs again.",
        published_at=now - timedelta(hours=3),
    )
    publish(title="Unrelated", body="Nothing about the coast.")

    assert found(client, "lighthouse") == [
        "The lighthouse reopens",
        "Coastal budget",
        "Harbour notes",
    ]


def test_every_word_must_match(client, publish):
    publish(title="Rail strike", body="Trains stop on Monday.")
    publish(title="Bus strike", body="Buses stop on Monday.")

    assert found(client, "strike trains") == ["Rail strike"]
    assert found(client, "STRIKE") == ["Bus strike", "Rail strike"]


def test_the_last_word_also_matches_as_the_start_of_a_word(client, publish):
    publish(title="Election night", body="Counting went on until dawn.")

    assert found(client, "elect") == ["Election night"]
    assert found(client, "counting elect") == ["Election night"]


def test_stemming_finds_other_forms_of_a_word(client, publish):
    publish(title="Quiet streets", body="The council was planning new crossings.")

    assert found(client, "plans crossing") == ["Quiet streets"]


def test_finds_articles_by_tag_name(client, publish):
    tag = Tag.objects.create(name="Beekeeping", slug="beekeeping")
    publish(title="A summer story", body="Honey everywhere.", tags=[tag])
    publish(title="Another story", body="Nothing sweet.")

    assert found(client, "beekeeping") == ["A summer story"]


def test_finds_articles_by_contributor_name(client, publish):
    marisol = Contributor.objects.create(name="Marisol Quayle", slug="marisol")
    publish(title="Her column", body="Opinions.", contributor=marisol)
    publish(title="Someone else's", body="Opinions too.")

    assert found(client, "quayle") == ["Her column"]
    assert found(client, "marisol opinions") == ["Her column"]


def test_drafts_and_scheduled_articles_are_never_found(client, publish):
    publish(title="Visible zeppelin", body="Over the town.")
    publish(title="Draft zeppelin", status=Article.Status.DRAFT)
    publish(
        title="Scheduled zeppelin",
        published_at=timezone.now() + timedelta(hours=2),
    )

    assert found(client, "zeppelin") == ["Visible zeppelin"]
    assert "Draft" not in search(client, "draft zeppelin").content.decode()


def test_unicode_words_are_found(client, publish):
    publish(title="Zürich in winter", body="Schnee und Ruhe.")
    publish(title="東京 notes", body="Trains and 東京 stations.")

    assert found(client, "zürich") == ["Zürich in winter"]
    assert found(client, "東京") == ["東京 notes"]


def test_ten_results_per_page_and_page_links_keep_the_query(client, publish):
    now = timezone.now()
    for number in range(12):
        publish(
            title=f"Ferry timetable {number}",
            published_at=now - timedelta(minutes=number),
        )

    first = search(client, "ferry")
    second = search(client, "ferry", page=2)

    assert len(RESULT_TITLE.findall(first.content.decode())) == 10
    assert len(RESULT_TITLE.findall(second.content.decode())) == 2
    assert 'href="?q=ferry&amp;page=2"' in first.content.decode()
    assert "12 articles match" in first.content.decode()


# Highlighting and echo --------------------------------------------------------------


def test_excerpt_marks_the_matched_words_and_escapes_everything_else(client, publish):
    publish(
        title="Markup",
        body='Type `2 < 3 > 1` & "quotes" <em>safely</em>: the parliament sits.',
    )

    html = search(client, "parliament").content.decode()
    excerpt = re.search(r'<p class="search-excerpt mb-2">(.*?)</p>', html)[1]

    assert excerpt == (
        "Type 2 &lt; 3 &gt; 1 &amp; &quot;quotes&quot; safely: the "
        "<mark>parliament</mark> sits."
    )


def test_query_is_echoed_escaped(client, publish):
    publish(title="Script kiddies", body="A story about script.")

    html = search(client, '<script>alert("x")</script>').content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert found(client, '<script>alert("x")</script>') == []
    assert found(client, "<script>") == ["Script kiddies"]


def test_a_commenter_email_in_a_comment_is_not_searchable(client, publish):
    from comments.models import Comment

    article = publish(title="Quiet news", body="Little happened.")
    Comment.objects.create(
        article=article,
        name="Rita",
        email="rita@example.net",
        body="Nothing to add.",
        status=Comment.Status.APPROVED,
    )

    assert found(client, "rita example net") == []


# Queries that cannot be searched ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("?!…—", "type at least one letter or digit"),
        ('"*()-:^', "type at least one letter or digit"),
        ("x" * 500, "That search is 500 characters long"),
        ("word " * 41, "at most 200 characters"),
    ],
)
def test_unusable_queries_get_the_form_and_a_hint(client, db, query, message):
    response = search(client, query)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'name="q"' in html
    assert RESULT_TITLE.findall(html) == []


@pytest.mark.parametrize(
    "query",
    ["①", "ß", "İstanbul", "ﬁsh", "𝟘", "🙂 news", "x" * 200, "ǅ a①", "日本語の記事"],
)
def test_unusual_characters_are_searched_without_error(client, publish, query):
    publish(title="Plain title")

    assert found(client, query) == []


def test_a_query_of_exactly_the_maximum_length_is_searched(client, publish):
    publish(title="Plain title")
    longest = ("plain " * 40)[:200]

    assert found(client, longest) == ["Plain title"]
    assert "at most 200 characters" in search(client, longest + "x").content.decode()


def test_search_page_without_any_query_shows_the_form(client, db):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"rainfall',
        'rainfall"',
        "rainfall*",
        "*rainfall",
        "rainfall AND",
        "AND rainfall",
        "rainfall OR",
        "NOT rainfall",
        "NEAR(rainfall",
        "NEAR(rainfall, 2)",
        "-rainfall",
        "rainfall -",
        "title:rainfall",
        "rainfall:*",
        "{rainfall}",
        "rainfall & | ! <->",
        "rainfall'",
        "rain\x00fall rainfall",
        "^rainfall",
    ],
)
def test_search_operators_are_plain_text(client, publish, query):
    # Words like NEAR and title are words like any other: the text has them.
    publish(
        title="Record rainfall",
        body="Rain continued to fall near the coast for 2 weeks: a record title.",
    )

    assert found(client, query) == ["Record rainfall"]


def test_common_words_are_left_out_of_the_search(client, publish):
    publish(title="Near and far", body="Distances and maps.")
    publish(title="Tides", body="High water at noon.")

    assert found(client, "near") == ["Near and far"]
    assert found(client, "the tides of the") == ["Tides"]
    response = search(client, "AND the OR")
    assert "Those words are too common to search for" in response.content.decode()


def test_query_words_are_letters_and_digits_in_typed_order_once_each():
    words = query_words('Élan, "vital"; élan -x_y NEAR(2) the')

    assert words == ["élan", "vital", "x", "y", "near", "2", "the"]
    assert search_terms(words) == ["élan", "vital", "x", "y", "near", "2"]


@pytest.mark.parametrize("page", ["abc", "999", "0", "-1"])
def test_bad_page_numbers_are_404_like_other_lists(client, publish, page):
    publish(title="Harvest festival")

    assert search(client, "harvest", page=page).status_code == 404


def test_last_page_and_page_one_of_nothing_work(client, publish):
    publish(title="Harvest festival")

    assert found(client, "harvest", page="last") == ["Harvest festival"]
    assert found(client, "nothingmatchesthis") == []
    assert "No published article matches" in search(client, "nomatch").content.decode()


def test_results_are_not_for_search_engines(client, db):
    assert search(client, "anything")["X-Robots-Tag"] == "noindex"


# The index follows every change --------------------------------------------------


def test_plain_text_drops_markup_and_separates_blocks():
    html = "<h2>Head</h2><p>One <em>two</em>&amp;three</p><ul><li>a</li><li>b</li></ul>"

    assert plain_text(html) == "Head. One two&three a b"


def test_plain_text_ends_a_heading_as_a_sentence_unless_it_already_is_one():
    html = "<h2>Why?</h2><p>Because.</p><h3>Then</h3><p>Next</p>"

    assert plain_text(html) == "Why? Because. Then. Next"


def article_form(article, **overrides):
    local = timezone.localtime(article.published_at)
    data = {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "featured_image_alt": "",
        "featured_image_caption": "",
        "status": article.status,
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "contributor": article.contributor_id,
        "format": article.format,
        "allow_comments": "on",
        "source_name": "",
        "source_url": "",
        "tags": [tag.pk for tag in article.tags.all()] if article.pk else [],
    }
    data.update(overrides)
    return data


def change_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def test_article_added_in_the_admin_is_found(admin_client, contributor):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(
            Article(
                title="Glacier retreat",
                slug="glacier",
                body="Ice *melting* fast.",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=1),
                contributor=contributor,
            )
        ),
    )

    assert response.status_code == 302
    assert found(admin_client, "melting") == ["Glacier retreat"]


def test_edited_article_is_found_by_its_new_words_only(admin_client, publish):
    article = publish(title="Old headline", body="About turnips.")

    response = admin_client.post(
        change_url(article),
        article_form(article, title="New headline", body="About parsnips."),
    )

    assert response.status_code == 302
    assert found(admin_client, "parsnips") == ["New headline"]
    assert found(admin_client, "turnips") == []
    assert found(admin_client, "old headline") == []


def test_tags_changed_in_the_admin_are_searchable(admin_client, publish):
    old = Tag.objects.create(name="Ferries", slug="ferries")
    new = Tag.objects.create(name="Lighthouses", slug="lighthouses")
    article = publish(title="Coast", tags=[old])

    response = admin_client.post(
        change_url(article), article_form(article, tags=[new.pk])
    )

    assert response.status_code == 302
    assert found(admin_client, "lighthouses") == ["Coast"]
    assert found(admin_client, "ferries") == []


def test_renamed_tag_is_searchable_by_its_new_name(admin_client, publish):
    tag = Tag.objects.create(name="Ferries", slug="ferries")
    publish(title="Coast", tags=[tag])

    response = admin_client.post(
        change_url(tag), {"name": "Catamarans", "slug": "ferries"}
    )

    assert response.status_code == 302
    assert found(admin_client, "catamarans") == ["Coast"]
    assert found(admin_client, "ferries") == []


def test_deleted_tag_no_longer_finds_its_articles(admin_client, publish):
    tag = Tag.objects.create(name="Ferries", slug="ferries")
    publish(title="Coast", tags=[tag])

    response = admin_client.post(
        reverse("admin:articles_tag_delete", args=[tag.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert found(admin_client, "ferries") == []
    assert found(admin_client, "coast") == ["Coast"]


def test_renamed_contributor_is_searchable_by_the_new_name(admin_client, publish):
    writer = Contributor.objects.create(name="Pat Oldname", slug="pat")
    publish(title="Pat's piece", contributor=writer)

    response = admin_client.post(
        change_url(writer),
        {"name": "Pat Newname", "slug": "pat", "byline_title": "Contributor"},
    )

    assert response.status_code == 302
    assert found(admin_client, "newname") == ["Pat&#x27;s piece"]
    assert found(admin_client, "oldname") == []


def test_deleted_article_is_not_found(admin_client, publish):
    article = publish(title="Short-lived")
    publish(title="Short story")

    response = admin_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert found(admin_client, "short") == ["Short story"]


def test_view_counts_leave_the_search_text_alone(client, publish):
    article = publish(title="Counted", body="Widely read.")

    client.get("/reader/state/", {"article": article.pk}, HTTP_USER_AGENT=READER_UA)

    assert Article.objects.get(pk=article.pk).view_count == 1
    assert found(client, "widely") == ["Counted"]


def test_refreshing_unchanged_articles_writes_nothing(publish):
    publish(title="Steady")

    assert article_refresh_search_text(articles=Article.objects.all()) == 0


def test_demo_content_is_searchable_and_a_second_seed_changes_nothing(client, db):
    call_command("seed_demo", stdout=None)
    article = Article.objects.published().order_by("pk").first()

    assert article_refresh_search_text(articles=Article.objects.all()) == 0
    assert article.title in found(client, article.title)


def test_migration_indexes_articles_that_existed_before_it(client, contributor):
    """Migration 0005 run over rows written before it, with their text unfilled.

    Its functions run here inside the test's transaction (both databases
    take these statements in one), so the index is rebuilt from scratch and
    everything is rolled back afterwards.
    """
    migration = importlib.import_module("articles.migrations.0005_article_search")
    tag = Tag.objects.create(name="Waterways", slug="waterways")
    contributor.name = "Ottoline Vance"
    contributor.save()
    (article,) = Article.objects.bulk_create(
        [
            Article(
                title="Archive piece",
                slug="archive-piece",
                body="Old *words*",
                body_html="<p>Old <em>words</em> about canals</p>",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=400),
                contributor=contributor,
            )
        ]
    )
    article.tags.add(tag)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As the migration command does: no foreign key check left pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.drop_index(django_apps, editor)
        migration.fill_search_text(django_apps, editor)
        migration.create_index(django_apps, editor)

    assert Article.objects.values_list("search_body", "search_keywords").get() == (
        "Old words about canals",
        "Waterways Ottoline Vance",
    )
    assert found(client, "canals") == ["Archive piece"]
    assert found(client, "waterways vance") == ["Archive piece"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL"
)
def test_postgresql_uses_the_gin_index(publish):
    from articles.search import SearchResults

    publish(title="Indexed")
    # All articles: the only other way to find matches is reading every row.
    matching = SearchResults(Article.objects.all(), ["indexed"])._matching()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matching.explain()

    assert "article_search_idx" in plan


# Query budget ---------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_USER_AGENT=READER_UA)
    assert response.status_code == 200
    return len(queries)


def test_search_query_count_does_not_grow_with_results(
    client, publish, category, tag, discussion, uncached
):
    def build(start, count):
        for number in range(start, start + count):
            own = Tag.objects.create(name=f"Label {number}", slug=f"label-{number}")
            publish(
                title=f"Tidal power {number}",
                slug=f"tidal-{number}",
                categories=[category],
                tags=[tag, own],
            )

    build(0, 1)
    with_one = count_queries(client, "/search/?q=tidal")
    build(1, 49)
    with_fifty = count_queries(client, "/search/?q=tidal")
    second_page = count_queries(client, "/search/?q=tidal&page=5")

    # Count, the page of articles (comment counts included), their categories,
    # their tags, and the section menu.
    assert (with_one, with_fifty, second_page) == (5, 5, 5)
