"""A moderator clears the queue by keyboard alone, in place, with no page load.

The queue's script (static/js/moderation.js) acts through the admin's JSON
endpoints; the page is checked at a laptop's width and a phone's, and by axe.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from comments.models import Comment

from .support import (
    DESKTOP,
    MOBILE,
    admin_log_in,
    blocking_violations,
    horizontal_overflow,
    watch_for_breakage,
)

pytestmark = pytest.mark.django_db(transaction=True)
Status = Comment.Status

READERS = ["Ann", "Ben", "Cat", "Dan", "Eve"]


def row_of(page, name):
    return page.get_by_role("row").filter(has_text=f"Comment by {name}.")


def date_is_whole(page) -> bool:
    return page.evaluate(
        """() => [...document.querySelectorAll("#result_list td.field-date")]
            .every((cell) => cell.scrollWidth <= cell.clientWidth
                && cell.getBoundingClientRect().right
                   <= document.documentElement.clientWidth)"""
    )


def table_fits(page) -> bool:
    """No sideways scrolling inside the list either (the admin's own fallback)."""
    return page.evaluate(
        """() => {
            const box = document.querySelector("#changelist .results");
            return box.scrollWidth <= box.clientWidth;
        }"""
    )


def test_moderator_clears_the_queue_by_keyboard_replies_and_undoes_a_spam(
    new_context, make_article, moderator_login, browser_discussion
):
    article = make_article(title="Harbour cranes return")
    comments = {}
    for minutes, name in enumerate(READERS):
        comment = Comment.objects.create(
            article=article,
            name=name,
            email=f"{name.lower()}@example.net",
            website=f"https://{name.lower()}.example.net/",
            body=f"Comment by {name}. "
            + "More words to read. " * (30 if minutes else 1),
            ip_address=f"192.0.2.{minutes + 1}",
        )
        comments[name] = comment
    # Newest first in the queue: Ann on top.
    for minutes, name in enumerate(READERS):
        Comment.objects.filter(pk=comments[name].pk).update(
            created_at=comments[name].created_at.replace(microsecond=0)
            - timedelta(minutes=minutes)
        )
    desk = new_context().new_page()
    problems = watch_for_breakage(desk)
    admin_log_in(desk, moderator_login)
    desk.goto("/admin/comments/comment/")
    expect(row_of(desk, "Ann")).to_contain_text("ann@example.net")
    expect(row_of(desk, "Eve")).to_contain_text("192.0.2.5")
    expect(row_of(desk, "Eve").get_by_text("more", exact=True)).to_be_visible()

    # It fits a laptop screen, and a phone's as cards; axe finds nothing grave.
    for screen in (DESKTOP, MOBILE):
        desk.set_viewport_size(screen)
        assert horizontal_overflow(desk) == 0, screen
        assert table_fits(desk), screen
        assert date_is_whole(desk), screen
        assert blocking_violations(desk) == [], screen
    desk.set_viewport_size(DESKTOP)
    desk.set_viewport_size(DESKTOP)

    pending = desk.get_by_role("link", name=re.compile(r"^Pending \d+$"))
    expect(pending).to_have_text("Pending 5")
    navigations = []
    desk.on("framenavigated", lambda frame: navigations.append(frame.url))

    # ? lists the keys.
    desk.keyboard.press("?")
    expect(desk.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    desk.keyboard.press("Escape")
    expect(desk.get_by_role("dialog")).to_have_count(0)

    # j picks Ann; r opens a reply box under her comment; the reply is sent
    # from the keyboard, and publishing it approves Ann's comment.
    desk.keyboard.press("j")
    expect(row_of(desk, "Ann")).to_have_class(re.compile("comment-current"))
    desk.keyboard.press("r")
    box = desk.get_by_role("textbox", name="Reply to Ann")
    expect(box).to_be_focused()
    desk.keyboard.type("Thank you, Ann: the cranes are back.")
    desk.keyboard.press("Tab")
    desk.keyboard.press("Enter")
    expect(desk.get_by_role("status")).to_contain_text(
        "Your reply to Ann is published under the name Morgan Ode."
    )
    expect(row_of(desk, "Ann")).to_contain_text("Approved")
    expect(pending).to_have_text("Pending 4")

    # j to Ben, s marks spam, u undoes it, a approves and moves to Cat.
    desk.keyboard.press("j")
    desk.keyboard.press("s")
    expect(desk.get_by_role("status")).to_contain_text(
        "The comment by Ben was marked as spam."
    )
    expect(desk.get_by_role("link", name="Spam 1")).to_be_visible()
    desk.keyboard.press("u")
    expect(desk.get_by_role("link", name="Spam 0")).to_be_visible()
    expect(row_of(desk, "Ben")).to_contain_text("Pending")
    desk.keyboard.press("a")
    expect(row_of(desk, "Cat")).to_have_class(re.compile("comment-current"))
    # Cat to the trash, Dan to spam, Eve approved after a look at the selection.
    desk.keyboard.press("t")
    expect(row_of(desk, "Dan")).to_have_class(re.compile("comment-current"))
    desk.keyboard.press("s")
    expect(row_of(desk, "Eve")).to_have_class(re.compile("comment-current"))
    desk.keyboard.press("x")
    expect(row_of(desk, "Eve").get_by_role("checkbox")).to_be_checked()
    desk.keyboard.press("x")
    expect(row_of(desk, "Eve").get_by_role("checkbox")).not_to_be_checked()
    desk.keyboard.press("a")
    expect(pending).to_have_text("Pending 0")
    expect(desk.get_by_role("link", name="Approved 4")).to_be_visible()

    assert navigations == []  # all of it in place
    statuses = dict(Comment.objects.values_list("name", "status"))
    assert statuses == {
        "Ann": Status.APPROVED,
        "Ben": Status.APPROVED,
        "Cat": Status.TRASH,
        "Dan": Status.SPAM,
        "Eve": Status.APPROVED,
        "Morgan Ode": Status.APPROVED,
    }
    reply = Comment.objects.get(name="Morgan Ode")
    assert reply.parent == comments["Ann"]
    assert reply.user == moderator_login.user

    # e opens a comment's page; the queue, reloaded, is empty.
    desk.keyboard.press("k")
    desk.keyboard.press("e")
    expect(desk.get_by_role("heading", name="Change comment")).to_be_visible()
    desk.goto("/admin/comments/comment/")
    expect(desk.get_by_text("0 comments")).to_be_visible()
    assert problems == []
