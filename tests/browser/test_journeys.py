"""What a reader, a moderator and a contributor do, each journey start to finish.

Selectors go by role, label and visible text, as a person finds things, so
the tests survive changes of markup.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Category
from comments.models import Comment
from comments.services import comment_submit

from .support import (
    AWAITING,
    COMMENT_FIELD,
    EMAIL_FIELD,
    NAME_FIELD,
    REMEMBER_BOX,
    WEBSITE_FIELD,
    admin_log_in,
    blocking_violations,
    open_model_list,
    pick_autocomplete,
)

# The live server answers from another thread, which sees only committed
# rows; declaring it here also makes pytest-django run these tests after
# the ones that roll back, since each of these empties the database.
pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_comment_waits_for_moderation_and_details_are_remembered(
    new_context, make_article, category, tag, browser_discussion
):
    article = make_article(
        title="Harbour cranes return to the east quay",
        dek="After two winters of repairs the cranes are working again.",
        categories=[category],
        tags=[tag],
    )
    reader = new_context().new_page()

    reader.goto("/")
    reader.get_by_role("link", name=article.title).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(article.title)
    byline = reader.get_by_text("Posted by Ada Reporter, Contributor")
    expect(byline).to_contain_text("/ai")
    expect(byline).to_contain_text("Innovation")
    expect(byline).to_contain_text("Views: 1")

    reader.get_by_role("textbox", name=COMMENT_FIELD).fill(
        "The night shift will be glad of it."
    )
    reader.get_by_role("textbox", name=NAME_FIELD).fill("Rita Reader")
    reader.get_by_role("textbox", name=EMAIL_FIELD).fill("rita@example.net")
    reader.get_by_role("textbox", name=WEBSITE_FIELD).fill("https://rita.example.net/")
    reader.get_by_role("checkbox", name=REMEMBER_BOX).check()
    reader.get_by_role("button", name="Post Comment").click()

    mine = reader.get_by_role("listitem").filter(
        has_text="The night shift will be glad of it."
    )
    expect(mine).to_contain_text(AWAITING)
    expect(mine.get_by_role("link", name="Rita Reader")).to_have_attribute(
        "href", "https://rita.example.net/"
    )
    assert Comment.objects.get().status == Comment.Status.PENDING

    stranger = new_context().new_page()
    stranger.goto(article.get_absolute_url())
    expect(stranger.get_by_role("heading", name="Leave a Reply")).to_be_visible()
    expect(stranger.get_by_text("The night shift will be glad of it.")).to_have_count(0)
    expect(stranger.get_by_text(AWAITING)).to_have_count(0)
    expect(stranger.get_by_role("textbox", name=NAME_FIELD)).to_have_value("")
    assert "rita@example.net" not in stranger.content()

    reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("textbox", name=NAME_FIELD)).to_have_value("Rita Reader")
    expect(reader.get_by_role("textbox", name=EMAIL_FIELD)).to_have_value(
        "rita@example.net"
    )
    expect(reader.get_by_role("textbox", name=WEBSITE_FIELD)).to_have_value(
        "https://rita.example.net/"
    )
    expect(reader.get_by_role("checkbox", name=REMEMBER_BOX)).to_be_checked()
    expect(reader.get_by_role("textbox", name=COMMENT_FIELD)).to_have_value("")


def test_moderator_approves_from_the_queue_and_readers_see_the_thread(
    new_context, make_article, moderator_login, browser_discussion
):
    article = make_article(title="Council votes to keep the night buses")
    comment_submit(
        article=article,
        name="Rita Reader",
        email="rita@example.net",
        website="",
        body="Good news for everyone working late.",
        ip_address="192.0.2.10",
        user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
    )
    desk = new_context().new_page()

    admin_log_in(desk, moderator_login)
    open_model_list(desk, "Comments")
    row = desk.get_by_role("row").filter(
        has_text="Good news for everyone working late."
    )
    expect(row).to_contain_text("Rita Reader")
    expect(row).to_contain_text("Pending")
    row.get_by_role("checkbox").check()
    desk.get_by_role("combobox", name=re.compile(r"^Action")).select_option(
        label="Approve"
    )
    desk.get_by_role("button", name="Go").click()
    expect(desk.get_by_text("1 comment approved.")).to_be_visible()

    # A staff reply from the article page, threaded under the comment.
    desk.goto(article.get_absolute_url())
    desk.get_by_role("link", name="Reply to Rita Reader").click()
    desk.get_by_role("textbox", name=COMMENT_FIELD).fill(
        "Thank you, Rita: the timetable follows."
    )
    desk.get_by_role("button", name="Post Comment").click()
    expect(desk.get_by_text("Thank you, Rita: the timetable follows.")).to_be_visible()

    reader = new_context().new_page()
    response = reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("heading", name="2 Comments")).to_be_visible()
    thread = reader.get_by_role("listitem").filter(
        has_text="Good news for everyone working late."
    )
    expect(thread.first).to_contain_text("Rita Reader")
    reply = thread.first.get_by_role("listitem").filter(
        has_text="Thank you, Rita: the timetable follows."
    )
    expect(reply).to_contain_text("Morgan Ode")
    expect(reader.get_by_text(AWAITING)).to_have_count(0)
    for secret in ("rita@example.net", moderator_login.user.email):
        assert secret not in response.text()
        assert secret not in reader.content()


def test_contributor_publishes_an_illustrated_article_others_cannot_edit(
    new_context, make_contributor_login, tag, tmp_path
):
    from PIL import Image

    Category.objects.create(name="Harbour", slug="harbour")
    photo = tmp_path / "quay-at-dawn.png"
    Image.new("RGB", (1200, 675), (40, 90, 140)).save(photo)
    ines = make_contributor_login(username="ines", name="Ines Calloway")
    other = make_contributor_login(username="tomas", name="Tomas Berg")
    desk = new_context().new_page()

    admin_log_in(desk, ines)
    open_model_list(desk, "Articles")
    desk.get_by_role("link", name="Add article").click()
    desk.get_by_label("Title:").fill("Fog delays the first ferry")
    desk.get_by_label("Dek:").fill("Passengers waited an hour on the pier.")
    desk.get_by_label("Body:").fill("The *first* ferry left at seven, not six.")
    desk.get_by_label("Featured image:").set_input_files(photo)
    desk.get_by_label("Alt text:").fill("The quay at dawn, under fog")
    desk.get_by_label("Status:").select_option(label="Published")
    pick_autocomplete(desk, "categories", "Harbour")
    pick_autocomplete(desk, "tags", tag.name)
    desk.get_by_role("button", name="Save", exact=True).first.click()
    expect(desk.get_by_text("was added successfully")).to_be_visible()

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at <= timezone.now()
    desk.goto("/")
    first = desk.get_by_role("article").first
    expect(first.get_by_role("heading")).to_have_text("Fog delays the first ferry")
    expect(first).to_contain_text("Posted by Ines Calloway, Contributor")
    expect(first).to_contain_text("/harbour")
    expect(first).to_contain_text(tag.name)
    first.get_by_role("link", name="Fog delays the first ferry").click()
    image = desk.get_by_role("img", name="The quay at dawn, under fog")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0

    rival = new_context().new_page()
    admin_log_in(rival, other)
    response = rival.goto(f"/admin/articles/article/{article.pk}/change/")
    assert response.status == 404
    expect(rival.get_by_label("Title:")).to_have_count(0)
    rival.goto("/admin/articles/article/")
    expect(rival.get_by_text("Fog delays the first ferry")).to_have_count(0)


def test_refused_comment_shows_messages_at_the_fields_and_keeps_the_text(
    new_context, make_article, browser_discussion
):
    article = make_article(title="Library extends its opening hours")
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())

    # Sent empty, the browser stops it first and says what is missing.
    reader.get_by_role("button", name="Post Comment").click()
    expect(reader).to_have_url(re.compile(re.escape(article.get_absolute_url())))
    body = reader.get_by_role("textbox", name=COMMENT_FIELD)
    assert body.evaluate("field => field.validity.valueMissing")
    assert body.evaluate("field => field.validationMessage")

    # Blank lines pass the browser's check; the server's messages then show.
    body.fill("\n\n   ")
    reader.get_by_role("textbox", name=NAME_FIELD).fill("Rita Reader")
    reader.get_by_role("textbox", name=EMAIL_FIELD).fill("rita@example")
    reader.get_by_role("textbox", name=WEBSITE_FIELD).fill("https://rita.example.net/")
    reader.get_by_role("button", name="Post Comment").click()

    expect(reader.get_by_role("alert").first).to_contain_text(
        "Your comment was not posted"
    )
    for field, message in (
        (COMMENT_FIELD, "Please write a comment."),
        (EMAIL_FIELD, "Enter a valid email address, like name@example.com."),
    ):
        expect(reader.get_by_role("textbox", name=field)).to_have_attribute(
            "aria-invalid", "true"
        )
        expect(
            reader.get_by_role("textbox", name=field)
        ).to_have_accessible_description(message)
    expect(reader.get_by_role("textbox", name=NAME_FIELD)).to_have_value("Rita Reader")
    expect(reader.get_by_role("textbox", name=EMAIL_FIELD)).to_have_value(
        "rita@example"
    )
    expect(reader.get_by_role("textbox", name=WEBSITE_FIELD)).to_have_value(
        "https://rita.example.net/"
    )
    assert blocking_violations(reader) == []
    assert Comment.objects.count() == 0
