"""Fixtures shared by the suite: builders for articles and the people around them."""

import io
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from hypothesis import settings as hypothesis_settings
from PIL import Image

from articles.models import Article, Category, Contributor, Tag
from newsroom import pagecache

# Hypothesis: each property test states how many examples a thorough run tries
# (`examples(900)`); a normal run, CI's too, tries at most the default
# profile's 100. `make test-deep` (HYPOTHESIS_PROFILE=deep) tries every one.
hypothesis_settings.register_profile(
    "deep", hypothesis_settings.get_profile("default"), max_examples=1000
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def examples(thorough: int) -> int:
    """`thorough` under the deep profile; otherwise no more than the profile's count."""
    return min(thorough, hypothesis_settings().max_examples)


def _database_order(item) -> int:
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    names = item.fixturenames
    if "live_server" in names:
        return 3
    if kwargs.get("transaction") or "transactional_db" in names:
        # A serialized rollback loads the rows the migrations made, with
        # their ids: before any flush has made them again under new ones.
        return 1 if kwargs.get("serialized_rollback") else 2
    if marker or "db" in names:
        return 0
    return 4


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that roll back first, then those that empty the database (those
    that restore the migrations' rows first).

    pytest-django sorts them so, but pytest's own grouping by package- and
    module-scoped fixtures runs later and can move the browser tests (which
    empty the database) in front of tests that rely on rows the migrations
    made, such as the role groups. The browser tests go after the other
    emptying ones too: their demo data is flushed with Django's post-migrate
    rows recreated under new ids, which a later serialized rollback could not
    load over. A stable sort keeps pytest's grouping within each kind. Under
    xdist every worker runs its share in this order too: its default `--dist
    load` hands tests out in collection order (`worksteal` would not).
    """
    items.sort(key=_database_order)


def pytest_unconfigure(config):
    # tests/settings.py made MEDIA_ROOT a fresh temporary folder for this
    # process: each xdist worker has its own, and so has the controller, which
    # runs no session fixture.
    if settings.configured:
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    # View-count de-duplication lives in the cache: start every test clean.
    cache.clear()
    caches["pages"].clear()
    # A page-cache stamp as a running site has one, so that the first request
    # of a test does not pay the one query that making it costs (a stamp is
    # made when something changes, not per request). Due: none scheduled.
    cache.set(pagecache.STAMP_KEY, (uuid.uuid4().hex, 0), timeout=None)
    yield
    cache.clear()
    caches["pages"].clear()


def _run_commit_hooks(**kwargs):
    """Run the commit hooks of writes the test made before this request.

    A test runs inside one transaction that never commits, so hooks such as
    the page cache's invalidation would never run. On a real site every write
    has committed, and its hooks have run, before the next request arrives:
    this does the same, for writes made outside any block of the code's own.
    """
    for connection in connections.all(initialized_only=True):
        blocks = connection.atomic_blocks
        if not blocks or not all(getattr(b, "_from_testcase", False) for b in blocks):
            continue
        # Each hook run is left in place as a no-op, so that the list keeps its
        # length for django_capture_on_commit_callbacks, which indexes it.
        hooks = connection.run_on_commit
        for index in range(len(hooks)):
            savepoints, hook, robust = hooks[index]
            if hook is _ran:
                continue
            hooks[index] = (savepoints, _ran, robust)
            if robust:
                try:
                    hook()
                except Exception:
                    pass
            else:
                hook()


def _ran():
    """A commit hook that has run already."""


@pytest.fixture
def django_capture_on_commit_callbacks():
    """pytest-django's fixture, with the hooks it ran marked as run.

    Otherwise the next request would run them a second time (see
    `_run_commit_hooks`).
    """
    from django.test import TestCase

    @contextmanager
    def capture(*, using=DEFAULT_DB_ALIAS, execute=False):
        hooks = connections[using].run_on_commit
        start = len(hooks)
        with TestCase.captureOnCommitCallbacks(using=using, execute=execute) as found:
            yield found
        if execute:
            hooks = connections[using].run_on_commit
            for index in range(start, len(hooks)):
                savepoints, _hook, robust = hooks[index]
                hooks[index] = (savepoints, _ran, robust)

    return capture


@pytest.fixture(autouse=True)
def _commit_before_each_request():
    request_started.connect(_run_commit_hooks, dispatch_uid="tests-commit-hooks")
    yield
    request_started.disconnect(dispatch_uid="tests-commit-hooks")


@pytest.fixture
def uncached(settings):
    """The page cache off, for a test about what a page does when made afresh."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


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


@pytest.fixture
def discussion(db):
    """The discussion settings row, for tests to change and save."""
    from comments.models import DiscussionSettings

    return DiscussionSettings.load()


def comment_token(article, *, age_seconds: int = 60, staff: bool = False) -> str:
    """A valid form token for `article`, issued `age_seconds` ago."""
    import time

    from django.core import signing

    from comments.forms import TOKEN_SALT

    issued = int(time.time()) - age_seconds
    # Each token unique, as the site's are: a token is accepted once.
    payload = {"a": article.pk, "t": issued, "n": uuid.uuid4().hex}
    if staff:
        payload["s"] = 1
    return signing.dumps(payload, salt=TOKEN_SALT)


@pytest.fixture
def post_comment(client):
    """POST the comment form for `article` like a reader's browser would.

    Fields default to a valid comment; pass any to override, or None to leave
    one out. The token was issued a minute ago, past the minimum fill time.
    """
    from django.urls import reverse

    def post(article, *, client=client, follow=False, address="192.0.2.10", **fields):
        data = {
            "body": "A thoughtful comment.",
            "name": "Rita Reader",
            "email": "rita@example.net",
            "website": "",
            "token": comment_token(article),
            "honeypot": "",
        }
        data.update(fields)
        data = {key: value for key, value in data.items() if value is not None}
        return client.post(
            reverse("comments:post", args=[article.pk]),
            data,
            follow=follow,
            REMOTE_ADDR=address,
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
        )

    return post


def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def png_upload():
    def make(name="photo.png", **kwargs):
        return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/png")

    return make
