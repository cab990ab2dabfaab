"""`manage.py seed_demo`: the documented demo content, idempotent and atomic.

The admin user and the demo logins: test_seed_demo_logins.py.
"""

import io
import re
import shutil
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category, Contributor, Tag
from demo import pictures
from demo.loader import load_content
from demo.management.commands import seed_demo

ADMIN_PASSWORD = "newsroom-admin-demo"


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot_rows() -> dict:
    """Every row of every articles model, many-to-many tables included."""
    config = apps.get_app_config("articles")
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in config.get_models(include_auto_created=True)
    }


def snapshot_files(root) -> dict:
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.mark.django_db
def test_first_run_creates_the_documented_content():
    seed()

    assert Contributor.objects.count() == 6
    assert dict(
        Contributor.objects.filter(user__isnull=False).values_list(
            "slug", "user__username"
        )
    ) == {"ines-calloway": "ines", "ruth-okonkwo-hale": "editor"}
    assert Category.objects.count() == 8
    assert list(
        Category.objects.filter(parent__isnull=False).values_list(
            "slug", "parent__slug"
        )
    ) == [("ai", "technology")]
    assert Tag.objects.count() == 19
    assert Article.objects.count() == 33
    assert Article.objects.published().count() == 30
    assert Article.objects.drafts().count() == 2
    assert Article.objects.scheduled().count() == 1
    assert Article.objects.filter(status="draft", published_at=None).count() == 2
    assert Article.objects.exclude(source_name="").count() == 5


@pytest.mark.django_db
def test_articles_use_eight_formats_with_standard_the_most_common():
    seed()

    published = Article.objects.published()
    formats = set(published.values_list("format", flat=True))
    assert formats == {
        "standard",
        "aside",
        "quote",
        "link",
        "status",
        "chat",
        "gallery",
        "image",
    }
    assert published.filter(format="standard").count() == 20


@pytest.mark.django_db
def test_every_article_has_a_dek_categories_tags_and_plausible_views():
    seed()

    for article in Article.objects.prefetch_related("categories", "tags"):
        assert article.dek
        assert article.body_html
        assert 1 <= len(article.categories.all()) <= 2, article.slug
        assert 2 <= len(article.tags.all()) <= 4, article.slug
        if article.is_visible:
            assert 40 <= article.view_count <= 3000, article.slug
        else:
            assert article.view_count == 0, article.slug


@pytest.mark.django_db
def test_publication_times_spread_over_the_last_six_months():
    before = timezone.now()
    seed()
    after = timezone.now()

    times = sorted(Article.objects.published().values_list("published_at", flat=True))
    assert times[0] >= before - timedelta(days=180)
    assert times[0] <= after - timedelta(days=150)
    assert times[-1] <= after
    assert times[-1] >= before - timedelta(days=3)
    scheduled = Article.objects.scheduled().get()
    assert before + timedelta(days=3) <= scheduled.published_at
    assert scheduled.published_at <= after + timedelta(days=3)


@pytest.mark.django_db
def test_long_features_use_headings_lists_quotes_links_and_emphasis():
    seed()

    article = Article.objects.get(slug="the-quiet-economics-of-fixing-things")
    for tag in ("<h2>", "<ul>", "<blockquote>", '<a href="https://', "<em>"):
        assert tag in article.body_html
    assert article.body_html.count("<p>") >= 8


@pytest.mark.django_db
def test_featured_images_are_drawn_jpegs_with_alt_text(media_root):
    seed()

    with_image = Article.objects.exclude(featured_image="")
    assert with_image.count() == 25
    assert with_image.filter(featured_image_alt="").count() == 0
    assert with_image.exclude(featured_image_caption="").count() == 24
    # Read the stored columns: loading a model with empty sizes would measure
    # the file on the fly and hide that they were never saved.
    stored_sizes = with_image.values_list(
        "featured_image_width", "featured_image_height"
    )
    assert set(stored_sizes) == {(1200, 675)}
    for article in with_image:
        assert article.featured_image_alt.startswith("Abstract illustration: ")
        with Image.open(media_root / article.featured_image.name) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (1200, 675)


@pytest.mark.django_db
def test_pages_never_open_image_files(client, media_root):
    seed()
    # With every picture gone, pages must still render: sizes come from the
    # database, and a missing file is a broken image, not an error.
    shutil.rmtree(media_root / "articles")
    shutil.rmtree(media_root / "avatars")
    article = Article.objects.published().exclude(featured_image="").first()
    contributor = article.contributor

    for url in [
        "/",
        "/?page=2",
        article.get_absolute_url(),
        contributor.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_contributors_get_drawn_png_avatars(media_root):
    seed()

    for contributor in Contributor.objects.all():
        with Image.open(media_root / contributor.avatar.name) as avatar:
            assert (avatar.format, avatar.size) == ("PNG", (256, 256))


@pytest.mark.django_db
def test_every_link_points_at_a_reserved_example_domain():
    seed()

    urls = list(Contributor.objects.values_list("website", flat=True))
    urls += Article.objects.exclude(source_url="").values_list("source_url", flat=True)
    for body in Article.objects.values_list("body", flat=True):
        urls += re.findall(r"\]\((\S+?)\)", body)
    assert len(urls) > 20
    for url in urls:
        host = urlsplit(url).hostname
        assert host in {"example.com", "example.org"} or host.endswith(
            (".example.com", ".example.org")
        ), url


@pytest.mark.django_db
def test_second_run_changes_nothing(media_root):
    seed()
    rows, files = snapshot_rows(), snapshot_files(media_root)

    output = seed()

    assert snapshot_rows() == rows
    assert snapshot_files(media_root) == files
    assert "(0 created this run)" in output


@pytest.mark.django_db
def test_output_reports_the_counts_and_what_was_created():
    output = seed()

    assert output == (
        "Demo content ready: 6 contributors, 8 categories, 19 tags, 33 articles, "
        "52 comments (121 created this run).\n"
        "Demo logins: ines (Contributors), editor (Editors), "
        "moderator (Moderators).\n"
    )


@pytest.mark.django_db
def test_existing_rows_are_kept_and_missing_ones_restored():
    seed()
    article = Article.objects.get(slug="in-praise-of-slow-software")
    Article.objects.filter(pk=article.pk).update(title="Edited by hand")
    Article.objects.get(slug="on-uncertainty").delete()

    output = seed()

    assert Article.objects.get(pk=article.pk).title == "Edited by hand"
    assert Article.objects.filter(slug="on-uncertainty").count() == 1
    assert "(1 created this run)" in output


@pytest.mark.django_db
def test_a_category_made_by_hand_under_another_slug_is_reused():
    Category.objects.create(name="Climate", slug="climate-desk")

    seed()

    assert Category.objects.filter(name="Climate").count() == 1
    climate = Category.objects.get(name="Climate")
    assert climate.slug == "climate-desk"
    assert climate.articles.count() == 6


@pytest.mark.django_db
def test_weak_admin_password_is_rejected_and_nothing_is_written(
    django_user_model, media_root
):
    with pytest.raises(CommandError, match="This password is too short") as error:
        seed("--admin-password", "123")

    assert str(error.value).startswith("The admin password was rejected: ")
    assert "This password is entirely numeric." in str(error.value)
    assert django_user_model.objects.count() == 0
    assert Contributor.objects.count() == 0
    assert Article.objects.count() == 0
    assert snapshot_files(media_root) == {}


@pytest.mark.django_db
def test_a_failure_half_way_leaves_no_rows_and_no_files(monkeypatch, media_root):
    calls = []
    draw_feature = seed_demo.draw_feature  # the session's drawings (conftest.py)

    def draw_then_fail(slug, label=""):
        calls.append(slug)
        if len(calls) == 5:
            raise RuntimeError("the drawing desk is on fire")
        return draw_feature(slug, label)

    monkeypatch.setattr(seed_demo, "draw_feature", draw_then_fail)

    with pytest.raises(RuntimeError, match="on fire"):
        seed("--admin-password", ADMIN_PASSWORD)

    assert len(calls) == 5
    for model in apps.get_app_config("articles").get_models():
        assert model._default_manager.count() == 0, model
    assert snapshot_files(media_root) == {}


def test_demo_content_is_consistent():
    content = load_content()
    slugs = [piece.slug for piece in content.articles]
    assert len(slugs) == len(set(slugs))
    categories = {section.slug for section in content.categories}
    tags = {label.slug for label in content.tags}
    people = {person.slug for person in content.contributors}
    for piece in content.articles:
        assert set(piece.categories) <= categories, piece.slug
        assert set(piece.tags) <= tags, piece.slug
        assert piece.contributor in people, piece.slug


def test_the_same_slug_always_draws_the_same_picture():
    first = pictures.draw_feature("a-slug", label="Science")
    second = pictures.draw_feature("a-slug", label="Science")
    other = pictures.draw_feature("another-slug", label="Science")

    assert first == second
    assert other.content != first.content
    assert first.description.endswith("with the label “Science”.")
