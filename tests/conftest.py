"""Fixtures shared by the suite: builders for articles and the people around them."""

import io
import shutil
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category, Contributor, Tag


@pytest.fixture(autouse=True, scope="session")
def _remove_test_media():
    # tests/settings.py made MEDIA_ROOT a fresh temporary folder for this run.
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    # View-count de-duplication lives in the cache: start every test clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contributor(db):
    return Contributor.objects.create(name="Ada Reporter", slug="ada-reporter")


@pytest.fixture
def make_article(db, contributor):
    """Build an article; published a day ago unless told otherwise."""

    def make(**fields):
        fields.setdefault("title", "An article")
        fields.setdefault("body", "Some *text*.")
        fields.setdefault("contributor", contributor)
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] == Article.Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(days=1))
        categories = fields.pop("categories", [])
        tags = fields.pop("tags", [])
        article = Article.objects.create(**fields)
        article.categories.set(categories)
        article.tags.set(tags)
        return article

    return make


@pytest.fixture
def category(db):
    return Category.objects.create(name="AI", slug="ai")


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="Innovation", slug="innovation")


@pytest.fixture
def staff_editor(django_user_model):
    """A staff user with the article permissions, but not a superuser."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="editor", password="editor-pass-123", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles")
    )
    return user


def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def png_upload():
    def make(name="photo.png", **kwargs):
        return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/png")

    return make
