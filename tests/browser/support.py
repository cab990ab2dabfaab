"""What the browser tests share besides fixtures: screens, names, small steps."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parents[2]
# The README's pictures are taken only when asked (`make screenshots`): a test
# run leaves tracked files alone, and spends no time on them.
SCREENSHOTS = ROOT / "docs" / "screenshots"
TAKE_SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS") == "1"

# Headless Chromium says "HeadlessChrome" in its User-Agent, which the view
# counter rightly takes for a robot; a reader's browser says "Chrome".
READER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}

# The comment form's fields by accessible name: a required one reads "Name*".
COMMENT_FIELD = re.compile(r"^Comment\b")
NAME_FIELD = re.compile(r"^Name\b")
EMAIL_FIELD = re.compile(r"^Email\b")
WEBSITE_FIELD = re.compile(r"^Website\b")
REMEMBER_BOX = re.compile(r"^Save my name, email, and website")
AWAITING = "Your comment is awaiting moderation."

# axe's impact levels are minor, moderate, serious and critical.
BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass
class Login:
    username: str
    password: str
    user: object


def admin_log_in(page, login: Login) -> None:
    """Log into the admin through its own form, as a person does."""
    page.goto("/admin/")
    page.get_by_label("Username").fill(login.username)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def open_model_list(page, name: str) -> None:
    """Follow a model's link on the admin index (not its app's, named alike)."""
    page.get_by_role("rowheader", name=name, exact=True).get_by_role("link").click()


def pick_autocomplete(page, field: str, choice: str) -> None:
    """Choose `choice` in the admin's autocomplete box for `field` (select2)."""
    page.locator(f".field-{field}").get_by_role("searchbox").fill(choice)
    page.get_by_role("option", name=choice, exact=True).click()


def screenshot(page, name: str) -> Path | None:
    """Save a full-page screenshot as <name>.png in SCREENSHOTS, when asked."""
    if not TAKE_SCREENSHOTS:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # A full-page capture does not scroll, so pictures below the fold, which
    # load lazily, would be blank: load them all first.
    page.evaluate(
        """() => Promise.all([...document.images].map((img) => {
            img.loading = "eager";
            return img.complete ? null : new Promise((done) => {
                img.addEventListener("load", done);
                img.addEventListener("error", done);
            });
        }))"""
    )
    page.screenshot(path=path, full_page=True, animations="disabled")
    return path


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scroll).

    Measured against the root's client width, not `innerWidth`: a mobile
    browser widens its layout viewport to fit content that overflows, which
    would hide the very problem.
    """
    return page.evaluate(
        "() => document.documentElement.scrollWidth"
        " - document.documentElement.clientWidth"
    )


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical findings on `page`, one line per element.

    axe.min.js ships inside axe-playwright-python: nothing is downloaded.
    """
    found = Axe().run(page).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {node['target']}"
        for violation in found
        if violation["impact"] in BLOCKING_IMPACTS
        for node in violation["nodes"]
    ]


def watch_for_breakage(page) -> list[str]:
    """Collect, as they happen, what a reader would not notice but must not occur.

    Script errors, requests the Content-Security-Policy refused, and static
    files or uploads that failed to load: the page may look fine without them
    (no styles, no reply script, a broken picture) while every check passes.
    """
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} for {response.url}")
            if response.status >= 400
            and ("/static/" in response.url or "/media/" in response.url)
            else None
        ),
    )
    return problems
