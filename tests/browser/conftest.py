"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

Every test in this folder is marked `browser`. Without a Chromium executable
they are skipped with the reason, except in CI (CI=true), where a missing
browser fails the run: CI must never pass without having run them.

Under xdist (`make test` runs `-n auto`) each worker that gets some of them
starts its own live server (on a free port), browser and demo dump, and runs
them after its other database tests, as tests/conftest.py orders them.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from .support import DESKTOP, READER_USER_AGENT, Login

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
HERE = Path(__file__).resolve().parent

MISSING_BROWSER = (
    f"Chromium not found at {CHROMIUM}: install Debian's package "
    "(apt-get install chromium) or set CHROMIUM_PATH to run the browser tests."
)

# Quiet, offline Chromium: without the background-networking flags it keeps
# trying to reach Google's services, which a closed network answers slowly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]

# A page that needs longer than this is broken, not slow.
ACTION_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    # The hook sees the whole session's items: mark only this folder's.
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not Path(CHROMIUM).exists() and not IN_CI:
            item.add_marker(pytest.mark.skip(reason=MISSING_BROWSER))


@pytest.fixture(scope="package")
def playwright():
    """Playwright, for this folder's tests only (the plugin keeps it all session).

    Its sync API runs an asyncio event loop in the test thread for as long as
    it is started, and Django refuses ORM calls from a thread with a running
    loop (SynchronousOnlyOperation). The calls made here are not async code:
    the loop only carries Playwright's messages to the browser, so they are
    allowed while it runs, and both end with the last browser test instead
    of leaking into every test that pytest-django orders after these.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as started:
            yield started
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def browser(browser_type, browser_type_launch_args):
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"CI runs the browser tests. {MISSING_BROWSER}")
        pytest.skip(MISSING_BROWSER)
    # Debian's build, not a downloaded one: nothing is fetched at run time.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(live_server):
    # Not built on pytest-playwright's own: that one asks pytest-base-url for
    # an address, and the live server's is the only one these tests use.
    return {
        "base_url": live_server.url,
        "user_agent": READER_USER_AGENT,
        "locale": "en-US",
        "timezone_id": "UTC",
    }


@pytest.fixture
def new_context(new_context, live_server):
    """pytest-playwright's context factory, with short timeouts.

    Asking for `live_server` here also gives each test a transactional
    database the live server's thread can see.
    """

    def make(**kwargs):
        kwargs.setdefault("viewport", DESKTOP)
        context = new_context(**kwargs)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        return context

    return make


@pytest.fixture
def browser_discussion(discussion):
    """The default rules, but a form may be sent at once.

    The form refuses a comment sent faster than `min_fill_seconds` after the
    page was shown (a bot's speed); the tests type faster than any person.
    """
    discussion.min_fill_seconds = 0
    discussion.save()
    return discussion


# People ----------------------------------------------------------------------


@pytest.fixture
def make_contributor_login(live_server):
    """A contributor who can log in, made as the admin's onboarding makes one."""
    from staff.onboarding import contributor_onboard
    from staff.roles import ensure_role_groups

    def make(*, username: str, name: str) -> Login:
        # The live server's database is emptied between tests, groups too.
        ensure_role_groups()
        user, _profile, password = contributor_onboard(
            username=username,
            email=f"{username}@example.org",
            name=name,
            send_email=False,
        )
        return Login(username, password, user)

    return make


@pytest.fixture
def moderator_login(live_server):
    """A staff member in the Moderators group, as the demo's moderator is."""
    from staff.onboarding import role_group
    from staff.roles import MODERATORS, ensure_role_groups

    ensure_role_groups()
    password = "moderate-with-care-42"
    user = get_user_model().objects.create_user(
        username="morgan",
        email="morgan.moderator@example.org",
        password=password,
        first_name="Morgan",
        last_name="Ode",
        is_staff=True,
    )
    user.groups.add(role_group(MODERATORS))
    return Login("morgan", password, user)


# Content ---------------------------------------------------------------------


@pytest.fixture(scope="package")
def demo_dump(django_db_setup, django_db_blocker, tmp_path_factory):
    """`manage.py seed_demo`'s content, made once and saved as a fixture file.

    Seeding draws and resizes every picture, which takes far longer than
    loading the rows back; each test's database is emptied after it, so the
    tests that want the demo load this file. The pictures stay in the test
    run's MEDIA_ROOT, which emptying the database leaves alone.
    """
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO())
        call_command(
            "dumpdata",
            "auth.group",
            "auth.user",
            "articles",
            "comments",
            natural_foreign=True,
            output=str(path),
            verbosity=0,
        )
        # Leave the database empty, as every transactional test leaves it.
        call_command("flush", interactive=False, verbosity=0)
    return path


@pytest.fixture
def demo_site(live_server, demo_dump):
    """The demo content (articles, pictures, comments); forms may be sent at once."""
    from articles.models import Article
    from comments.models import DiscussionSettings

    call_command("loaddata", str(demo_dump), verbosity=0)
    discussion = DiscussionSettings.load()
    discussion.min_fill_seconds = 0  # see browser_discussion
    discussion.save()
    return Article.objects.published()
