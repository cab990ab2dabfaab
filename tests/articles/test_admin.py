"""The editors' admin: pages load, saving works, actions change what was picked."""

from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def listed_slugs(response):
    return sorted(article.slug for article in response.context["cl"].result_list)


def sent_messages(response):
    return [(m.level, m.message) for m in response.context["messages"]]


@pytest.fixture
def newsroom(make_article, contributor, category, tag):
    """A small mixed newsroom: live, scheduled and draft articles, filed variously."""
    other = Contributor.objects.create(name="Bo Columnist", slug="bo")
    science = Category.objects.create(name="Science", slug="science")
    now = timezone.now()
    return {
        "live": make_article(
            title="Live story",
            slug="live",
            body="Quantum *ledgers*",
            published_at=now - timedelta(days=400),
            categories=[category],
            tags=[tag],
        ),
        "scheduled": make_article(
            title="Scheduled story",
            slug="scheduled",
            format=Article.Format.VIDEO,
            published_at=now + timedelta(days=2),
            categories=[science],
        ),
        "draft": make_article(
            title="Draft story",
            slug="draft",
            dek="Unfinished business",
            status=Article.Status.DRAFT,
            contributor=other,
        ),
        "other": other,
        "science": science,
    }


# Every page loads


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:app_list",
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_contributor_changelist",
        "admin:articles_contributor_add",
        "admin:articles_category_changelist",
        "admin:articles_category_add",
        "admin:articles_tag_changelist",
        "admin:articles_tag_add",
    ],
)
def test_admin_page_loads(admin_client, newsroom, url_name):
    kwargs = {"app_label": "articles"} if url_name == "admin:app_list" else {}

    response = admin_client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 200


def test_change_forms_of_existing_objects_load(admin_client, newsroom, category, tag):
    objects = [
        newsroom["live"],
        newsroom["scheduled"],
        newsroom["draft"],
        newsroom["other"],
        category,
        tag,
    ]

    statuses = [admin_client.get(change_url(obj)).status_code for obj in objects]

    assert statuses == [200] * len(objects)


def test_change_form_of_an_article_with_an_image_shows_the_preview(
    admin_client, make_article, png_upload, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(featured_image=png_upload(), featured_image_alt="Red box")

    response = admin_client.get(change_url(article))

    assert response.status_code == 200
    preview = (
        f'<img src="{article.featured_image.url}" alt="Red box" '
        'style="max-width:320px;height:auto">'
    )
    assert preview in response.content.decode()


def test_changelist_shows_scheduled_articles_as_scheduled(admin_client, newsroom):
    response = admin_client.get(CHANGELIST)

    html = response.content.decode()
    assert '<td class="field-status_label">Scheduled</td>' in html
    assert '<td class="field-status_label">Published</td>' in html
    assert '<td class="field-status_label">Draft</td>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({}, ["draft", "live", "scheduled"], id="all"),
        pytest.param({"state": "draft"}, ["draft"], id="state-draft"),
        pytest.param({"state": "scheduled"}, ["scheduled"], id="state-scheduled"),
        pytest.param({"state": "live"}, ["live"], id="state-live"),
        pytest.param({"categories__isnull": "True"}, ["draft"], id="no-category"),
        pytest.param({"format__exact": "video"}, ["scheduled"], id="format"),
        pytest.param({"q": "quantum"}, ["live"], id="search-body"),
        pytest.param({"q": "unfinished"}, ["draft"], id="search-dek"),
        pytest.param({"q": "story"}, ["draft", "live", "scheduled"], id="search-title"),
        pytest.param({"q": "no such words"}, [], id="search-nothing"),
    ],
)
def test_article_changelist_filters_and_search(admin_client, newsroom, query, expected):
    response = admin_client.get(CHANGELIST, query)

    assert response.status_code == 200
    assert listed_slugs(response) == expected


def test_article_changelist_filters_by_category_and_contributor(
    admin_client, newsroom, category, contributor
):
    by_ai = admin_client.get(CHANGELIST, {"categories__id__exact": category.pk})
    by_science = admin_client.get(
        CHANGELIST, {"categories__id__exact": newsroom["science"].pk}
    )
    by_ada = admin_client.get(CHANGELIST, {"contributor__id__exact": contributor.pk})
    by_bo = admin_client.get(
        CHANGELIST, {"contributor__id__exact": newsroom["other"].pk}
    )

    assert [r.status_code for r in (by_ai, by_science, by_ada, by_bo)] == [200] * 4
    assert listed_slugs(by_ai) == ["live"]
    assert listed_slugs(by_science) == ["scheduled"]
    assert listed_slugs(by_ada) == ["live", "scheduled"]
    assert listed_slugs(by_bo) == ["draft"]


def test_article_changelist_drills_down_the_date_hierarchy(admin_client, newsroom):
    live_at = timezone.localtime(newsroom["live"].published_at)
    year = {"published_at__year": live_at.year}
    month = {**year, "published_at__month": live_at.month}
    day = {**month, "published_at__day": live_at.day}

    responses = [admin_client.get(CHANGELIST, query) for query in (year, month, day)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [listed_slugs(r) for r in responses] == [["live"], ["live"], ["live"]]


def test_other_changelists_filter_and_search(admin_client, newsroom, category, tag):
    local = Category.objects.create(name="Local", slug="local", parent=category)

    by_parent = admin_client.get(
        reverse("admin:articles_category_changelist"),
        {"parent__id__exact": category.pk},
    )
    categories = admin_client.get(
        reverse("admin:articles_category_changelist"), {"q": "sci"}
    )
    tags = admin_client.get(reverse("admin:articles_tag_changelist"), {"q": "innov"})
    contributors = admin_client.get(
        reverse("admin:articles_contributor_changelist"), {"q": "columnist"}
    )

    assert list(by_parent.context["cl"].result_list) == [local]
    assert list(categories.context["cl"].result_list) == [newsroom["science"]]
    assert list(tags.context["cl"].result_list) == [tag]
    assert list(contributors.context["cl"].result_list) == [newsroom["other"]]


@pytest.mark.parametrize(
    ("field_name", "term", "expected"),
    [
        pytest.param("tags", "innov", ["Innovation"], id="tags"),
        pytest.param("tags", "x", [], id="tags-no-match"),
        pytest.param("categories", "sci", ["Science"], id="categories"),
        pytest.param("categories", "", ["AI", "Science"], id="categories-all"),
        pytest.param("contributor", "bo", ["Bo Columnist"], id="contributor"),
    ],
)
def test_article_autocomplete_finds_related_objects(
    admin_client, newsroom, field_name, term, expected
):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": field_name,
            "term": term,
        },
    )

    assert response.status_code == 200
    payload = response.json()
    assert [result["text"] for result in payload["results"]] == expected
    assert payload["pagination"] == {"more": False}


def test_tag_autocomplete_returns_ids_and_names(admin_client, tag):
    response = admin_client.get(
        "/admin/autocomplete/?app_label=articles&model_name=article"
        "&field_name=tags&term=innovation"
    )

    assert response.json() == {
        "results": [{"id": str(tag.pk), "text": "Innovation"}],
        "pagination": {"more": False},
    }


def test_category_parent_and_contributor_user_autocompletes_load(
    admin_client, category, admin_user
):
    parents = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "category",
            "field_name": "parent",
            "term": "a",
        },
    )
    users = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "contributor",
            "field_name": "user",
            "term": "adm",
        },
    )

    assert parents.json()["results"] == [{"id": str(category.pk), "text": "AI"}]
    assert users.json()["results"] == [
        {"id": str(admin_user.pk), "text": admin_user.username}
    ]


# Saving


def form_data(contributor, **overrides):
    data = {
        "title": "Budget day",
        "slug": "budget-day",
        "dek": "What changes for you.",
        "body": "The *budget* is out.",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "contributor": contributor.pk,
        "format": Article.Format.STANDARD,
        "allow_comments": "on",
        "source_name": "",
        "source_url": "",
    }
    data.update(overrides)
    return data


def split_datetime(value):
    local = timezone.localtime(value)
    return {
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }


def test_article_created_through_the_add_form_is_stored_exactly(
    admin_client, contributor, category, tag
):
    science = Category.objects.create(name="Science", slug="science")
    economy = Tag.objects.create(name="Economy", slug="economy")
    published_at = (timezone.now() - timedelta(hours=3)).replace(microsecond=0)

    response = admin_client.post(
        ADD,
        form_data(
            contributor,
            status=Article.Status.PUBLISHED,
            format=Article.Format.QUOTE,
            categories=[category.pk, science.pk],
            tags=[tag.pk, economy.pk],
            source_name="The Wire",
            source_url="https://wire.example.com/budget",
            **split_datetime(published_at),
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    article = Article.objects.get()
    assert {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "body_html": article.body_html,
        "status": article.status,
        "published_at": article.published_at,
        "contributor": article.contributor,
        "format": article.format,
        "allow_comments": article.allow_comments,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "featured_image": article.featured_image.name,
        "view_count": article.view_count,
    } == {
        "title": "Budget day",
        "slug": "budget-day",
        "dek": "What changes for you.",
        "body": "The *budget* is out.",
        "body_html": "<p>The <em>budget</em> is out.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": published_at,
        "contributor": contributor,
        "format": Article.Format.QUOTE,
        "allow_comments": True,
        "source_name": "The Wire",
        "source_url": "https://wire.example.com/budget",
        "featured_image": "",
        "view_count": 0,
    }
    assert list(article.categories.order_by("name")) == [category, science]
    assert list(article.tags.order_by("name")) == [economy, tag]
    assert list(Article.objects.published()) == [article]


def test_article_published_without_a_time_through_the_admin_gets_now(
    admin_client, contributor
):
    before = timezone.now()

    response = admin_client.post(
        ADD, form_data(contributor, status=Article.Status.PUBLISHED)
    )

    after = timezone.now()
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.published_at <= after


def test_article_form_rejects_a_source_name_without_its_address(
    admin_client, contributor
):
    response = admin_client.post(ADD, form_data(contributor, source_name="The Wire"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "source_url": ["Give the address of the original source."]
    }
    assert Article.objects.count() == 0


def test_article_edited_through_the_change_form_is_stored_exactly(
    admin_client, newsroom, category, tag
):
    article = newsroom["live"]
    science = newsroom["science"]
    scheduled_for = (timezone.now() + timedelta(days=1)).replace(microsecond=0)

    response = admin_client.post(
        change_url(article),
        form_data(
            newsroom["other"],
            title="Live story, corrected",
            slug="live",
            dek="",
            body="## Correction",
            status=Article.Status.PUBLISHED,
            format=Article.Format.ASIDE,
            categories=[science.pk],
            tags=[],
            allow_comments="",
            **split_datetime(scheduled_for),
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (
        article.title,
        article.slug,
        article.dek,
        article.body_html,
        article.status,
        article.published_at,
        article.contributor,
        article.format,
        article.allow_comments,
    ) == (
        "Live story, corrected",
        "live",
        "",
        "<h2>Correction</h2>",
        Article.Status.PUBLISHED,
        scheduled_for,
        newsroom["other"],
        Article.Format.ASIDE,
        False,
    )
    assert list(article.categories.all()) == [science]
    assert list(article.tags.all()) == []
    assert article.is_scheduled


def test_category_cannot_be_nested_twice_through_the_admin(admin_client, category):
    local = Category.objects.create(name="Local", slug="local", parent=category)

    response = admin_client.post(
        reverse("admin:articles_category_add"),
        {"name": "Council", "slug": "council", "parent": local.pk, "description": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "parent": ["Pick a top-level category: subcategories cannot nest."]
    }
    assert not Category.objects.filter(slug="council").exists()


# Actions


def run_action(client, action, articles):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_publish_now_publishes_exactly_the_selected_articles(
    admin_client, newsroom, make_article
):
    untouched = make_article(slug="untouched", status=Article.Status.DRAFT)
    live_at = newsroom["live"].published_at
    before = timezone.now()

    response = run_action(
        admin_client,
        "publish_now",
        [newsroom["draft"], newsroom["scheduled"], newsroom["live"]],
    )

    assert response.status_code == 200
    assert sent_messages(response) == [(messages.SUCCESS, "2 articles published.")]
    for article in (newsroom["draft"], newsroom["scheduled"], newsroom["live"]):
        article.refresh_from_db()
    untouched.refresh_from_db()
    assert newsroom["draft"].status == Article.Status.PUBLISHED
    assert before <= newsroom["draft"].published_at <= timezone.now()
    assert newsroom["scheduled"].published_at == newsroom["draft"].published_at
    assert newsroom["live"].published_at == live_at
    assert untouched.status == Article.Status.DRAFT
    assert sorted(a.slug for a in Article.objects.published()) == [
        "draft",
        "live",
        "scheduled",
    ]


def test_publish_now_on_one_article_says_so_in_the_singular(admin_client, newsroom):
    response = run_action(admin_client, "publish_now", [newsroom["draft"]])

    assert sent_messages(response) == [(messages.SUCCESS, "1 article published.")]


def test_publish_now_on_live_articles_warns_that_nothing_changed(
    admin_client, newsroom
):
    response = run_action(admin_client, "publish_now", [newsroom["live"]])

    assert sent_messages(response) == [
        (
            messages.WARNING,
            "Nothing to publish: the selected articles are already live.",
        )
    ]


def test_unpublish_returns_exactly_the_selected_articles_to_draft(
    admin_client, newsroom, make_article
):
    untouched = make_article(slug="untouched")

    response = run_action(
        admin_client,
        "unpublish",
        [newsroom["live"], newsroom["scheduled"], newsroom["draft"]],
    )

    assert response.status_code == 200
    assert sent_messages(response) == [
        (messages.SUCCESS, "2 articles returned to draft.")
    ]
    assert sorted(Article.objects.drafts().values_list("slug", flat=True)) == [
        "draft",
        "live",
        "scheduled",
    ]
    assert list(Article.objects.published()) == [untouched]


def test_unpublish_on_drafts_warns_that_nothing_changed(admin_client, newsroom):
    response = run_action(admin_client, "unpublish", [newsroom["draft"]])

    assert sent_messages(response) == [
        (
            messages.WARNING,
            "Nothing to unpublish: the selected articles are drafts already.",
        )
    ]


# View on site


def test_change_page_links_to_the_article_on_the_site(admin_client, newsroom):
    article = newsroom["live"]
    content_type = ContentType.objects.get_for_model(Article)
    shortcut = f"/admin/r/{content_type.pk}/{article.pk}/"

    response = admin_client.get(change_url(article))
    followed = admin_client.get(shortcut)

    assert f'<a href="{shortcut}" class="viewsitelink">' in response.content.decode()
    assert followed.status_code == 302
    assert followed["Location"] == "http://testserver/articles/live/"


# Query counts


def changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


def test_article_changelist_query_count_does_not_grow_with_articles(
    admin_client, make_article, category, tag
):
    contributors = [
        Contributor.objects.create(name=f"Writer {n}", slug=f"writer-{n}")
        for n in range(5)
    ]
    statuses = [Article.Status.PUBLISHED, Article.Status.DRAFT]

    def add(n):
        return make_article(
            title=f"Story {n}",
            contributor=contributors[n % 5],
            status=statuses[n % 2],
            categories=[category],
            tags=[tag],
        )

    add(0)
    admin_client.get(CHANGELIST)  # Warm caches (content types, session).
    with_one = changelist_queries(admin_client)
    for n in range(1, 50):
        add(n)
    with_fifty = changelist_queries(admin_client)

    assert with_one[1] == 1
    assert with_fifty[1] == 50
    assert with_fifty[0] == with_one[0]
    assert with_fifty[0] == 9


def test_category_changelist_query_count_does_not_grow_with_categories(
    admin_client, category
):
    url = reverse("admin:articles_category_changelist")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    admin_client.get(url)
    with_one = count()
    for n in range(30):
        Category.objects.create(name=f"Sub {n}", parent=category)
    with_many = count()

    assert with_many == with_one


def test_add_form_offers_the_writers_own_byline(admin_client, admin_user):
    own = Contributor.objects.create(name="Desk", slug="desk", user=admin_user)

    response = admin_client.get(reverse("admin:articles_article_add"))

    assert response.context["adminform"].form.initial["contributor"] == own.pk


def test_add_form_has_no_byline_preselected_without_a_profile(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))

    assert "contributor" not in response.context["adminform"].form.initial
