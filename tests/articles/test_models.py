"""Models: the reader queryset, derived columns, constraints, validation, services."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag
from articles.services import article_publish, article_unpublish

pytestmark = pytest.mark.django_db


def published_slugs():
    return sorted(Article.objects.published().values_list("slug", flat=True))


# Article.objects.published()


def test_published_article_in_the_past_is_included_in_published(make_article):
    make_article(slug="live", published_at=timezone.now() - timedelta(minutes=1))

    assert published_slugs() == ["live"]


def test_draft_article_is_excluded_from_published(make_article):
    make_article(slug="live")
    make_article(slug="draft", status=Article.Status.DRAFT)
    # A draft keeps its old publication time when it is taken down.
    make_article(
        slug="taken-down",
        status=Article.Status.DRAFT,
        published_at=timezone.now() - timedelta(days=3),
    )

    assert published_slugs() == ["live"]


def test_scheduled_article_is_excluded_from_published(make_article):
    make_article(slug="live")
    make_article(slug="scheduled", published_at=timezone.now() + timedelta(hours=1))

    assert published_slugs() == ["live"]


def test_scheduled_article_appears_in_published_once_its_time_has_passed(
    make_article,
):
    published_at = timezone.now() + timedelta(hours=1)
    make_article(slug="scheduled", published_at=published_at)
    assert published_slugs() == []

    with mock.patch("django.utils.timezone.now", return_value=published_at):
        assert published_slugs() == ["scheduled"]
    with mock.patch(
        "django.utils.timezone.now", return_value=published_at + timedelta(seconds=1)
    ):
        assert published_slugs() == ["scheduled"]
    with mock.patch(
        "django.utils.timezone.now", return_value=published_at - timedelta(seconds=1)
    ):
        assert published_slugs() == []


def test_scheduled_and_drafts_querysets_split_the_unpublished_articles(make_article):
    make_article(slug="live")
    make_article(slug="scheduled", published_at=timezone.now() + timedelta(days=1))
    make_article(slug="draft", status=Article.Status.DRAFT)

    assert list(Article.objects.scheduled().values_list("slug", flat=True)) == [
        "scheduled"
    ]
    assert list(Article.objects.drafts().values_list("slug", flat=True)) == ["draft"]


# __str__ and get_absolute_url


def test_contributor_str_is_its_display_name():
    assert str(Contributor(name="Grace Hopper")) == "Grace Hopper"


def test_category_str_is_its_name():
    assert str(Category(name="Science")) == "Science"


def test_tag_str_is_its_name():
    assert str(Tag(name="Open source")) == "Open source"


def test_article_str_is_its_title():
    assert str(Article(title="Rain tomorrow")) == "Rain tomorrow"


def test_article_absolute_url_is_articles_slug(make_article):
    article = make_article(slug="rain-tomorrow")

    assert article.get_absolute_url() == "/articles/rain-tomorrow/"


def test_category_absolute_url_is_category_slug():
    category = Category.objects.create(name="Science", slug="science")

    assert category.get_absolute_url() == "/category/science/"


def test_tag_absolute_url_is_tag_slug():
    tag = Tag.objects.create(name="Open source", slug="open-source")

    assert tag.get_absolute_url() == "/tag/open-source/"


def test_contributor_absolute_url_is_contributors_slug():
    contributor = Contributor.objects.create(name="Grace Hopper", slug="grace")

    assert contributor.get_absolute_url() == "/contributors/grace/"


# Slugs


def test_blank_article_slug_is_made_from_the_title(make_article):
    article = make_article(title="Rain, Wind & Hail: What's Next?")

    assert article.slug == "rain-wind-hail-whats-next"


def test_blank_category_tag_and_contributor_slugs_are_made_from_the_name():
    assert Category.objects.create(name="Local News").slug == "local-news"
    assert Tag.objects.create(name="Open Source").slug == "open-source"
    assert Contributor.objects.create(name="Grace Hopper").slug == "grace-hopper"


def test_clashing_article_slugs_get_numbered_suffixes(make_article):
    slugs = [make_article(title="Budget day").slug for _ in range(3)]

    assert slugs == ["budget-day", "budget-day-2", "budget-day-3"]


def test_clashing_tag_slugs_get_numbered_suffixes():
    first = Tag.objects.create(name="Open Source")
    second = Tag.objects.create(name="open source!")
    third = Tag.objects.create(name="Open-Source")

    assert [first.slug, second.slug, third.slug] == [
        "open-source",
        "open-source-2",
        "open-source-3",
    ]


def test_slug_clash_is_only_checked_within_the_same_model(make_article):
    Tag.objects.create(name="Budget day")

    assert make_article(title="Budget day").slug == "budget-day"


def test_numbered_slug_stays_within_max_length(make_article):
    title = "a" * 200
    first = make_article(title=title)
    second = make_article(title=title)
    third = make_article(title=title)

    assert first.slug == "a" * 200
    assert second.slug == "a" * 198 + "-2"
    assert third.slug == "a" * 198 + "-3"


def test_slug_longer_than_max_length_is_truncated():
    # NFKD turns each ligature into two letters: a 40-character name makes an
    # 80-character slug, longer than Tag.slug's 60.
    tag = Tag.objects.create(name="\N{LATIN SMALL LIGATURE FI}" * 40)

    assert tag.slug == "fi" * 30


def test_truncated_slug_does_not_end_with_a_hyphen():
    # "ff" * 29 + "a-b" is 61 characters; cut at 60 it would end with "-".
    tag = Tag.objects.create(name="\N{LATIN SMALL LIGATURE FF}" * 29 + "a b")

    assert tag.slug == "ff" * 29 + "a"


def test_title_without_sluggable_characters_falls_back_to_the_model_name(
    make_article,
):
    assert make_article(title="!!!").slug == "article"
    assert make_article(title="???").slug == "article-2"


def test_explicit_slug_is_kept(make_article):
    article = make_article(title="Rain tomorrow", slug="weather")

    article.title = "Snow tomorrow"
    article.save()
    article.refresh_from_db()

    assert article.slug == "weather"


def test_generated_slug_does_not_change_when_the_title_changes(make_article):
    article = make_article(title="Rain tomorrow")

    article.title = "Snow tomorrow"
    article.save()
    article.refresh_from_db()

    assert article.slug == "rain-tomorrow"


# Rendered body


def test_body_html_is_rendered_on_save(make_article):
    article = make_article(body="Some *text*.")
    article.refresh_from_db()

    assert article.body_html == "<p>Some <em>text</em>.</p>"


def test_body_html_follows_a_changed_body(make_article):
    article = make_article(body="Some *text*.")

    article.body = "## Update"
    article.save()
    article.refresh_from_db()

    assert article.body_html == "<h2>Update</h2>"


def test_body_html_follows_a_body_saved_with_update_fields(make_article):
    article = make_article(body="Some *text*.")

    article.body = "**Corrected**"
    article.save(update_fields=["body"])
    article.refresh_from_db()

    assert article.body == "**Corrected**"
    assert article.body_html == "<p><strong>Corrected</strong></p>"


def test_save_with_update_fields_without_body_keeps_other_columns(make_article):
    article = make_article(title="Old title", body="Old *body*")
    Article.objects.filter(pk=article.pk).update(body="New body")

    article.title = "New title"
    article.save(update_fields=["title"])
    article.refresh_from_db()

    assert article.title == "New title"
    assert article.body == "New body"
    assert article.body_html == "<p>Old <em>body</em></p>"


# Publication time constraint


def test_published_article_without_publication_time_cannot_be_saved(contributor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            title="No time",
            body="x",
            contributor=contributor,
            status=Article.Status.PUBLISHED,
            published_at=None,
        )

    assert Article.objects.count() == 0


def test_draft_without_publication_time_can_be_saved(contributor):
    article = Article.objects.create(
        title="Draft", body="x", contributor=contributor, published_at=None
    )

    assert Article.objects.get().pk == article.pk
    assert article.status == Article.Status.DRAFT


def test_full_clean_fills_publication_time_of_a_published_article(contributor):
    now = timezone.now()
    article = Article(
        title="Now",
        slug="now",
        body="x",
        contributor=contributor,
        status=Article.Status.PUBLISHED,
    )

    with mock.patch("django.utils.timezone.now", return_value=now):
        article.full_clean()

    assert article.published_at == now


def test_full_clean_leaves_a_draft_without_publication_time(contributor):
    article = Article(title="Draft", slug="draft", body="x", contributor=contributor)

    article.full_clean()

    assert article.published_at is None


def test_full_clean_keeps_a_given_publication_time(contributor):
    later = timezone.now() + timedelta(days=2)
    article = Article(
        title="Later",
        slug="later",
        body="x",
        contributor=contributor,
        status=Article.Status.PUBLISHED,
        published_at=later,
    )

    article.full_clean()

    assert article.published_at == later


# clean()


def test_featured_image_without_alt_text_is_invalid(contributor, png_upload):
    article = Article(
        title="Photo", body="x", contributor=contributor, featured_image_alt="   "
    )
    article.featured_image = png_upload()

    with pytest.raises(ValidationError) as excinfo:
        article.clean()

    assert excinfo.value.message_dict == {
        "featured_image_alt": [
            "Describe the featured image: alt text is required with an image."
        ]
    }


def test_featured_image_with_alt_text_is_valid(contributor, png_upload):
    article = Article(
        title="Photo", body="x", contributor=contributor, featured_image_alt="A square"
    )
    article.featured_image = png_upload()

    assert article.clean() is None


def test_source_name_without_source_url_is_invalid(contributor):
    article = Article(
        title="Syndicated", body="x", contributor=contributor, source_name="The Wire"
    )

    with pytest.raises(ValidationError) as excinfo:
        article.clean()

    assert excinfo.value.message_dict == {
        "source_url": ["Give the address of the original source."]
    }


def test_clean_reports_every_problem_at_once(contributor, png_upload):
    article = Article(
        title="Two problems", body="x", contributor=contributor, source_name="The Wire"
    )
    article.featured_image = png_upload()

    with pytest.raises(ValidationError) as excinfo:
        article.clean()

    assert sorted(excinfo.value.message_dict) == ["featured_image_alt", "source_url"]


def test_source_url_without_source_name_is_valid_and_labelled_by_its_host(
    contributor,
):
    article = Article(
        title="Syndicated",
        body="x",
        contributor=contributor,
        source_url="https://wire.example.com/story",
    )

    assert article.clean() is None
    assert article.source_label == "wire.example.com"


def test_subcategory_under_a_top_level_category_is_valid():
    top = Category.objects.create(name="News")
    child = Category(name="Local", parent=top)

    assert child.clean() is None


def test_category_cannot_nest_under_a_subcategory():
    top = Category.objects.create(name="News")
    child = Category.objects.create(name="Local", parent=top)
    grandchild = Category(name="Council", parent=child)

    with pytest.raises(ValidationError) as excinfo:
        grandchild.clean()

    assert excinfo.value.message_dict == {
        "parent": ["Pick a top-level category: subcategories cannot nest."]
    }


def test_category_cannot_be_its_own_parent():
    category = Category.objects.create(name="News")
    category.parent = category

    with pytest.raises(ValidationError) as excinfo:
        category.clean()

    assert excinfo.value.message_dict == {
        "parent": ["A category cannot be its own parent."]
    }


def test_category_with_subcategories_cannot_get_a_parent():
    news = Category.objects.create(name="News")
    Category.objects.create(name="Local", parent=news)
    sport = Category.objects.create(name="Sport")
    news.parent = sport

    with pytest.raises(ValidationError) as excinfo:
        news.clean()

    assert excinfo.value.message_dict == {
        "parent": ["This category has subcategories: it must stay top-level."]
    }


# Services


def test_article_publish_publishes_drafts_and_scheduled_articles_now(make_article):
    live_at = timezone.now() - timedelta(days=2)
    live = make_article(slug="live", published_at=live_at)
    draft = make_article(slug="draft", status=Article.Status.DRAFT)
    scheduled = make_article(
        slug="scheduled", published_at=timezone.now() + timedelta(days=1)
    )
    now = timezone.now()

    with mock.patch("django.utils.timezone.now", return_value=now):
        changed = article_publish(articles=Article.objects.all())

    assert changed == 2
    for article in (live, draft, scheduled):
        article.refresh_from_db()
    assert (draft.status, draft.published_at) == (Article.Status.PUBLISHED, now)
    assert (scheduled.status, scheduled.published_at) == (
        Article.Status.PUBLISHED,
        now,
    )
    assert (live.status, live.published_at) == (Article.Status.PUBLISHED, live_at)
    assert published_slugs() == ["draft", "live", "scheduled"]


def test_article_publish_changes_only_the_given_articles(make_article):
    chosen = make_article(slug="chosen", status=Article.Status.DRAFT)
    make_article(slug="other", status=Article.Status.DRAFT)

    changed = article_publish(articles=Article.objects.filter(pk=chosen.pk))

    assert changed == 1
    assert published_slugs() == ["chosen"]


def test_article_publish_of_live_articles_changes_nothing(make_article):
    make_article(slug="live")

    assert article_publish(articles=Article.objects.all()) == 0


def test_article_unpublish_returns_published_and_scheduled_articles_to_draft(
    make_article,
):
    live_at = timezone.now() - timedelta(days=2)
    live = make_article(slug="live", published_at=live_at)
    scheduled = make_article(
        slug="scheduled", published_at=timezone.now() + timedelta(days=1)
    )
    make_article(slug="draft", status=Article.Status.DRAFT)

    changed = article_unpublish(articles=Article.objects.all())

    assert changed == 2
    live.refresh_from_db()
    scheduled.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert scheduled.status == Article.Status.DRAFT
    # The original time stays, so a re-publish can be compared with it.
    assert live.published_at == live_at
    assert published_slugs() == []
    assert Article.objects.drafts().count() == 3


@pytest.mark.parametrize("year", [1, 1899, 2200, 9999])
def test_publication_time_outside_1900_to_2199_is_rejected(contributor, year):
    article = Article(
        title="Typo",
        slug="typo",
        body="x",
        contributor=contributor,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now().replace(year=year, month=6, day=1),
    )

    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()

    assert excinfo.value.message_dict == {
        "published_at": ["Pick a publication time between 1900 and 2199."]
    }


def test_category_and_tag_names_are_unique_whatever_the_case(db):
    Category.objects.create(name="Business", slug="business")
    Tag.objects.create(name="Energy", slug="energy")

    with pytest.raises(ValidationError) as category_error:
        Category(name="BUSINESS", slug="business-2").full_clean()
    with pytest.raises(ValidationError) as tag_error:
        Tag(name="energy", slug="energy-2").full_clean()

    assert category_error.value.messages == [
        "A category with this name already exists."
    ]
    assert tag_error.value.messages == ["A tag with this name already exists."]


def test_uploaded_file_names_carry_an_unguessable_part(make_article, png_upload):
    first = make_article(slug="first", featured_image=png_upload("My Photo.PNG"))
    second = make_article(slug="second", featured_image=png_upload("My Photo.PNG"))

    month = timezone.now().strftime("%Y/%m")
    pattern = rf"articles/{month}/my-photo-[A-Za-z0-9_-]{{12}}\.png"
    assert re.fullmatch(pattern, first.featured_image.name)
    assert re.fullmatch(pattern, second.featured_image.name)
    assert first.featured_image.name != second.featured_image.name
