"""`manage.py seed_demo`: the documented demo content, idempotent and atomic."""

import io
import re
import shutil
from datetime import timedelta
from functools import cache
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image

from articles.demo import content, images
from articles.management.commands import seed_demo
from articles.models import Article, Category, Contributor, Tag

ADMIN_PASSWORD = "newsroom-admin-demo"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# Drawing is deterministic, so tests may share the pictures: the bytes are the
# real ones, drawn once per test session instead of once per test.
_draw_feature = cache(images.draw_feature)
_draw_avatar = cache(images.draw_avatar)


@pytest.fixture(autouse=True)
def _draw_once(monkeypatch):
    monkeypatch.setattr(seed_demo, "draw_feature", _draw_feature)
    monkeypatch.setattr(seed_demo, "draw_avatar", _draw_avatar)


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
def test_without_admin_password_no_user_is_touched(django_user_model):
    user = django_user_model.objects.create_user("admin", password="original-pass-1")

    seed()

    user.refresh_from_db()
    assert django_user_model.objects.count() == 1 + len(seed_demo.DEMO_LOGINS)
    assert user.check_password("original-pass-1")
    assert not user.is_superuser
    assert not Contributor.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_admin_password_creates_a_superuser_who_can_log_in(client, django_user_model):
    output = seed("--admin-password", ADMIN_PASSWORD)

    admin = django_user_model.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert client.login(username="admin", password=ADMIN_PASSWORD)
    assert "Admin user 'admin' created." in output
    assert (
        admin.contributor.name,
        admin.contributor.slug,
        admin.contributor.byline_title,
    ) == ("Newsroom Desk", "newsroom-desk", "Editor")
    assert Contributor.objects.count() == 7


@pytest.mark.django_db
def test_second_run_with_another_password_updates_the_admin(client, django_user_model):
    seed("--admin-password", ADMIN_PASSWORD)

    output = seed("--admin-password", "a-different-passphrase-42")

    assert django_user_model.objects.filter(username="admin").count() == 1
    assert not client.login(username="admin", password=ADMIN_PASSWORD)
    assert client.login(username="admin", password="a-different-passphrase-42")
    assert "Admin user 'admin' updated." in output
    assert Contributor.objects.filter(slug="newsroom-desk").count() == 1


@pytest.mark.django_db
def test_second_run_with_the_same_password_leaves_the_admin_row_alone(
    django_user_model,
):
    seed("--admin-password", ADMIN_PASSWORD)
    before = list(django_user_model.objects.values())

    output = seed("--admin-password", ADMIN_PASSWORD)

    assert list(django_user_model.objects.values()) == before
    assert "Admin user 'admin' unchanged." in output


@pytest.mark.django_db
def test_admin_password_promotes_an_existing_admin_account(django_user_model):
    django_user_model.objects.create_user("admin", password="original-pass-1")

    seed("--admin-password", ADMIN_PASSWORD)

    admin = django_user_model.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password(ADMIN_PASSWORD)


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

    def draw_then_fail(slug, label=""):
        calls.append(slug)
        if len(calls) == 5:
            raise RuntimeError("the drawing desk is on fire")
        return _draw_feature(slug, label)

    monkeypatch.setattr(seed_demo, "draw_feature", draw_then_fail)

    with pytest.raises(RuntimeError, match="on fire"):
        seed("--admin-password", ADMIN_PASSWORD)

    assert len(calls) == 5
    for model in apps.get_app_config("articles").get_models():
        assert model._default_manager.count() == 0, model
    assert snapshot_files(media_root) == {}


@pytest.mark.parametrize(
    ("username", "password", "group"),
    [
        ("ines", "newsroom-contributor-demo", "Contributors"),
        ("editor", "newsroom-editor-demo", "Editors"),
        ("moderator", "newsroom-moderator-demo", "Moderators"),
    ],
)
@pytest.mark.django_db
def test_each_demo_login_can_log_into_the_admin(
    client, django_user_model, username, password, group
):
    seed()

    user = django_user_model.objects.get(username=username)
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == [group]
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_passwords_pass_the_validators(django_user_model):
    from django.contrib.auth.password_validation import validate_password

    for login in seed_demo.DEMO_LOGINS:
        validate_password(login.password, django_user_model(username=login.username))


def snapshot_logins(user_model) -> dict:
    return {
        "users": list(user_model.objects.order_by("pk").values()),
        "memberships": list(user_model.groups.through.objects.order_by("pk").values()),
        "groups": list(Group.objects.order_by("pk").values()),
    }


@pytest.mark.django_db
def test_second_run_leaves_the_demo_logins_alone(django_user_model):
    seed()
    before = snapshot_logins(django_user_model)

    seed()

    assert snapshot_logins(django_user_model) == before


@pytest.mark.django_db
def test_an_existing_demo_login_keeps_its_password_and_profile(
    client, django_user_model
):
    ines = django_user_model.objects.create_user("ines", password="her-own-pass-77")

    seed()

    ines.refresh_from_db()
    assert ines.check_password("her-own-pass-77")
    assert not ines.is_staff
    assert not ines.groups.exists()
    assert Contributor.objects.get(slug="ines-calloway").user is None


@pytest.mark.django_db
def test_a_profile_linked_by_hand_keeps_its_user(django_user_model):
    seed()
    someone = django_user_model.objects.create_user("someone")
    Contributor.objects.filter(slug="ines-calloway").update(user=someone)
    django_user_model.objects.filter(username="ines").delete()

    seed()

    assert Contributor.objects.get(slug="ines-calloway").user == someone
    assert django_user_model.objects.get(username="ines").check_password(
        "newsroom-contributor-demo"
    )


def test_demo_content_is_consistent():
    slugs = [piece.slug for piece in content.ARTICLES]
    assert len(slugs) == len(set(slugs))
    categories = {section.slug for section in content.CATEGORIES}
    tags = {label.slug for label in content.TAGS}
    people = {person.slug for person in content.CONTRIBUTORS}
    for piece in content.ARTICLES:
        assert set(piece.categories) <= categories, piece.slug
        assert set(piece.tags) <= tags, piece.slug
        assert piece.contributor in people, piece.slug


def test_the_same_slug_always_draws_the_same_picture():
    first = images.draw_feature("a-slug", label="Science")
    second = images.draw_feature("a-slug", label="Science")
    other = images.draw_feature("another-slug", label="Science")

    assert first == second
    assert other.content != first.content
    assert first.description.endswith("with the label “Science”.")
