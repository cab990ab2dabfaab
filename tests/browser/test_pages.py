"""The reader pages in a real browser: accessibility, small screens, keyboard.

axe-core comes with axe-playwright-python (its axe.min.js ships inside the
package: nothing is downloaded). `make screenshots` also saves the home and
article pages into docs/screenshots/, which the README shows.
"""

from dataclasses import dataclass

import pytest
from django.db.models import Count, Q
from playwright.sync_api import expect

from comments.models import Comment

from .support import (
    AWAITING,
    COMMENT_FIELD,
    EMAIL_FIELD,
    MOBILE,
    NAME_FIELD,
    REMEMBER_BOX,
    WEBSITE_FIELD,
    blocking_violations,
    horizontal_overflow,
    screenshot,
    watch_for_breakage,
)

# The live server answers from another thread, which sees only committed
# rows; declaring it here also makes pytest-django run these tests after
# the ones that roll back, since each of these empties the database.
pytestmark = pytest.mark.django_db(transaction=True)


@dataclass(frozen=True)
class ReaderPage:
    address: str
    shows: str  # text the page must show: proof it is the page meant
    status: int = 200


@pytest.fixture
def reader_pages(demo_site) -> dict[str, ReaderPage]:
    """Each kind of reader page, on the demo content, by name."""
    article = (
        demo_site.annotate(
            approved=Count("comments", filter=Q(comments__status="approved"))
        )
        .filter(allow_comments=True)
        .order_by("-approved", "-published_at")
        .first()
    )
    # The page must show what it is meant to: a thread, with replies.
    assert article.comments.filter(status="approved", parent__isnull=False).exists()
    category = article.categories.first()
    word = max(article.title.split(), key=len).strip(".,:;?!")
    return {
        "home": ReaderPage("/", demo_site.first().title),
        "article": ReaderPage(article.get_absolute_url(), "Leave a Reply"),
        "category": ReaderPage(
            category.get_absolute_url(), category.articles.published().first().title
        ),
        "search": ReaderPage(f"/search/?q={word}", article.title),
        "404": ReaderPage(
            "/articles/no-such-article-here/", "could not find", status=404
        ),
    }


def open_reader_page(page, reader_page: ReaderPage) -> None:
    response = page.goto(reader_page.address)
    assert response.status == reader_page.status, reader_page.address
    expect(page.get_by_text(reader_page.shows).first).to_be_visible()


def test_reader_pages_have_no_serious_accessibility_violations(
    new_context, reader_pages
):
    page = new_context().new_page()
    breakage = watch_for_breakage(page)
    problems = {}
    for name, reader_page in reader_pages.items():
        open_reader_page(page, reader_page)
        if name in ("home", "article"):
            screenshot(page, f"{name}-desktop")
        if violations := blocking_violations(page):
            problems[name] = violations
    assert problems == {}
    assert breakage == []


def test_reader_pages_fit_a_375_pixel_screen_and_the_form_works_there(
    new_context, reader_pages
):
    page = new_context(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    for name, reader_page in reader_pages.items():
        open_reader_page(page, reader_page)
        assert horizontal_overflow(page) == 0, f"{name} scrolls sideways"
        if name in ("home", "article"):
            screenshot(page, f"{name}-mobile")

    page.goto(reader_pages["article"].address)
    fields = [
        page.get_by_role("textbox", name=COMMENT_FIELD),
        page.get_by_role("textbox", name=NAME_FIELD),
        page.get_by_role("textbox", name=EMAIL_FIELD),
        page.get_by_role("textbox", name=WEBSITE_FIELD),
        page.get_by_role("button", name="Post Comment"),
    ]
    for field in fields:
        field.scroll_into_view_if_needed()
        box = field.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= MOBILE["width"]
        assert box["height"] >= 24  # big enough to tap
    fields[0].tap()
    fields[0].fill("Read on the bus, on a small screen.")
    fields[1].fill("Sam Commuter")
    fields[2].fill("sam@example.org")
    fields[4].tap()
    mine = page.get_by_role("listitem").filter(
        has_text="Read on the bus, on a small screen."
    )
    expect(mine).to_contain_text(AWAITING)
    assert horizontal_overflow(page) == 0


def test_keyboard_alone_reaches_the_skip_link_and_sends_a_comment(
    new_context, make_article, browser_discussion
):
    article = make_article(title="Tram line opens a month early")
    page = new_context().new_page()
    page.goto(article.get_absolute_url())

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    body = page.get_by_role("textbox", name=COMMENT_FIELD)
    for _ in range(100):
        if body.evaluate("field => field === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(body).to_be_focused()
    page.keyboard.type("Typed without a mouse.")
    for value in ("Kim Keys", "kim@example.org", "https://kim.example.org/"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name=REMEMBER_BOX)).to_be_focused()
    page.keyboard.press("Space")
    for box in (
        "Notify me of follow-up comments by email",
        "Tell me when my comment is approved",
    ):
        page.keyboard.press("Tab")
        expect(page.get_by_role("checkbox", name=box)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post Comment")).to_be_focused()
    page.keyboard.press("Enter")

    mine = page.get_by_role("listitem").filter(has_text="Typed without a mouse.")
    expect(mine).to_contain_text(AWAITING)
    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.website) == (
        "Kim Keys",
        "kim@example.org",
        "https://kim.example.org/",
    )
