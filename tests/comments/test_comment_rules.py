"""Each discussion setting, exercised through the comment form's POST URL."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.rules import FLOOD_MESSAGE
from tests.comment_html import form_errors
from tests.conftest import comment_token

AWAITING = "Your comment is awaiting moderation."


@pytest.fixture
def article(make_article):
    return make_article(title="Rules apply", slug="rules-apply")


@pytest.fixture
def open_moderation(discussion):
    """Publish at once unless a rule says otherwise."""
    discussion.hold_all = False
    discussion.approve_known_authors = False
    discussion.save()
    return discussion


def stored(post_comment, article, **fields) -> Comment:
    response = post_comment(article, **fields)
    assert response.status_code == 303
    return Comment.objects.latest("pk")


def decision(comment: Comment) -> tuple[str, str]:
    return comment.status, comment.reason


# Holding for moderation ------------------------------------------------------------


def test_every_comment_is_held_by_default(post_comment, article):
    comment = stored(post_comment, article)

    assert decision(comment) == ("pending", "Every comment is held for moderation.")


def test_with_hold_all_off_and_no_other_rule_a_comment_is_published(
    post_comment, article, open_moderation
):
    assert decision(stored(post_comment, article)) == ("approved", "")


def test_hold_all_wins_over_a_known_author(post_comment, article, discussion):
    Comment.objects.create(
        article=article,
        name="Rita",
        email="rita@example.net",
        body="Approved long ago.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.update(created_at=timezone.now() - timedelta(days=1))

    comment = stored(post_comment, article)

    assert decision(comment) == ("pending", "Every comment is held for moderation.")


def test_first_comment_from_an_email_waits_when_approving_known_authors(
    post_comment, article, discussion
):
    discussion.hold_all = False
    discussion.save()

    comment = stored(post_comment, article)

    assert decision(comment) == ("pending", "First comment from this name and email.")


@pytest.mark.parametrize("known_email", ["rita@example.net", "RITA@Example.NET"])
def test_known_author_is_published_at_once(
    post_comment, article, discussion, known_email
):
    discussion.hold_all = False
    discussion.save()
    Comment.objects.create(
        article=article,
        name="rita reader",
        email=known_email,
        body="Approved long ago.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.update(created_at=timezone.now() - timedelta(days=1))

    comment = stored(post_comment, article)

    assert decision(comment) == ("approved", "")


def test_a_known_email_under_another_name_is_not_a_known_author(
    post_comment, article, discussion
):
    discussion.hold_all = False
    discussion.save()
    Comment.objects.create(
        article=article,
        name="Rita Reader",
        email="rita@example.net",
        body="Approved long ago.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.update(created_at=timezone.now() - timedelta(days=1))

    comment = stored(post_comment, article, name="Impostor")

    assert decision(comment) == ("pending", "First comment from this name and email.")


def test_an_author_with_only_pending_comments_is_not_known(
    post_comment, article, discussion
):
    discussion.hold_all = False
    discussion.save()
    Comment.objects.create(
        article=article, name="Rita", email="rita@example.net", body="Still waiting."
    )
    Comment.objects.update(created_at=timezone.now() - timedelta(days=1))

    comment = stored(post_comment, article)

    assert decision(comment) == ("pending", "First comment from this name and email.")


# Links -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "website", "expected"),
    [
        ("One link: https://a.example/", "", ("approved", "")),
        (
            "Two: https://a.example/ and www.b.example",
            "",
            ("pending", "Contains 2 links."),
        ),
        (
            "One in the text https://a.example/",
            "https://me.example/",
            ("pending", "Contains 2 links."),
        ),
        (
            "http://1.example http://2.example http://3.example",
            "",
            ("pending", "Contains 3 links."),
        ),
    ],
)
def test_comments_with_as_many_links_as_the_setting_are_held(
    post_comment, article, open_moderation, body, website, expected
):
    comment = stored(post_comment, article, body=body, website=website)

    assert decision(comment) == expected


def test_link_limit_is_a_setting(post_comment, article, open_moderation):
    open_moderation.hold_link_count = 3
    open_moderation.save()

    comment = stored(
        post_comment, article, body="Two: https://a.example/ and https://b.example/"
    )

    assert decision(comment) == ("approved", "")


# Words -----------------------------------------------------------------------------


def test_a_hold_word_holds_the_comment_with_the_word_as_reason(
    post_comment, article, open_moderation
):
    open_moderation.hold_words = "casino\nget rich"
    open_moderation.save()

    comment = stored(post_comment, article, body="How to GET RICH quickly.")

    assert decision(comment) == ("pending", "Contains the held word “GET RICH”.")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"body": "Buy VIAGRA now."}, "Spam word “VIAGRA” in the text."),
        ({"name": "Viagra Seller"}, "Spam word “Viagra” in the name."),
        ({"email": "viagra@example.net"}, "Spam word “viagra” in the email."),
        ({"website": "https://viagra.example/"}, "Spam word “viagra” in the website."),
    ],
)
def test_a_spam_word_anywhere_sends_the_comment_to_spam_silently(
    client, post_comment, article, open_moderation, fields, reason
):
    open_moderation.spam_words = "viagra"
    open_moderation.save()

    response = post_comment(article, **fields)

    comment = Comment.objects.get()
    assert response.status_code == 303
    assert decision(comment) == ("spam", reason)
    # Its author sees it waiting, like any held comment; nobody else sees it.
    state = f"/reader/state/?article={article.pk}"
    (own,) = client.get(state).json()["pending"]
    assert own["id"] == comment.pk
    assert AWAITING in own["html"]
    assert "spam" not in own["html"].lower()
    assert "pending" not in Client().get(state).json()
    assert AWAITING not in Client().get(article.get_absolute_url()).content.decode()


def test_spam_words_match_whole_words_only(post_comment, article, open_moderation):
    open_moderation.spam_words = "ass"
    open_moderation.save()

    comment = stored(post_comment, article, body="A classic, first-class passage.")

    assert decision(comment) == ("approved", "")


def test_spam_words_win_over_hold_words_and_links(
    post_comment, article, open_moderation
):
    open_moderation.spam_words = "pills"
    open_moderation.hold_words = "cheap"
    open_moderation.save()

    comment = stored(
        post_comment,
        article,
        body="cheap pills https://a.example https://b.example",
    )

    assert decision(comment) == ("spam", "Spam word “pills” in the text.")


# Closing ---------------------------------------------------------------------------


def test_articles_older_than_the_close_setting_take_no_comments(
    client, post_comment, make_article, discussion
):
    discussion.close_after_days = 7
    discussion.save()
    old = make_article(slug="old", published_at=timezone.now() - timedelta(days=8))
    recent = make_article(
        slug="recent", published_at=timezone.now() - timedelta(days=6)
    )

    old_page = client.get(old.get_absolute_url()).content.decode()
    refused = post_comment(old)
    accepted = post_comment(recent)

    assert "Comments are closed." in old_page
    assert 'id="commentform"' not in old_page
    assert refused.status_code == 403
    assert "Comments are closed on this article." in refused.content.decode()
    assert accepted.status_code == 303
    assert list(Comment.objects.values_list("article__slug", flat=True)) == ["recent"]


def test_without_a_close_setting_old_articles_stay_open(
    client, post_comment, make_article
):
    old = make_article(slug="old", published_at=timezone.now() - timedelta(days=3650))

    assert 'id="commentform"' in client.get(old.get_absolute_url()).content.decode()
    assert post_comment(old).status_code == 303


# Threads ---------------------------------------------------------------------------


def test_thread_depth_limits_how_deep_replies_go(post_comment, article, discussion):
    discussion.thread_depth = 3
    discussion.flood_seconds = 0
    discussion.save()
    top = Comment.objects.create(
        article=article, name="A", email="a@example.org", body="Top.", status="approved"
    )
    second = Comment.objects.create(
        article=article,
        parent=top,
        depth=2,
        name="B",
        email="b@example.org",
        body="Second.",
        status="approved",
    )
    third = Comment.objects.create(
        article=article,
        parent=second,
        depth=3,
        name="C",
        email="c@example.org",
        body="Third.",
        status="approved",
    )

    allowed = post_comment(article, parent=str(second.pk), body="At level three.")
    refused = post_comment(article, parent=str(third.pk), body="At level four.")

    assert allowed.status_code == 303
    assert Comment.objects.get(body="At level three.").depth == 3
    assert refused.status_code == 400
    assert form_errors(refused.content.decode()) == [
        "Replies cannot be nested this deep. Reply further up the thread."
    ]
    assert not Comment.objects.filter(body="At level four.").exists()


def test_thread_depth_one_allows_no_replies(client, post_comment, article, discussion):
    discussion.thread_depth = 1
    discussion.save()
    top = Comment.objects.create(
        article=article, name="A", email="a@example.org", body="Top.", status="approved"
    )

    html = client.get(article.get_absolute_url()).content.decode()
    refused = post_comment(article, parent=str(top.pk))

    assert ">Reply</a>" not in html
    assert refused.status_code == 400


# Flood -------------------------------------------------------------------------------


def test_second_comment_within_the_flood_interval_is_refused(post_comment, article):
    first = post_comment(article, body="First.")
    same_address = post_comment(article, body="Second.", email="other@example.org")
    same_email = post_comment(article, body="Third.", address="198.51.100.9")

    assert first.status_code == 303
    for response in (same_address, same_email):
        assert response.status_code == 400
        assert form_errors(response.content.decode()) == [FLOOD_MESSAGE]
    assert Comment.objects.count() == 1


def test_after_the_flood_interval_the_next_comment_is_accepted(post_comment, article):
    post_comment(article, body="First.")
    Comment.objects.update(created_at=timezone.now() - timedelta(seconds=16))

    assert post_comment(article, body="Second.").status_code == 303


def test_flood_interval_is_a_setting(post_comment, article, discussion):
    discussion.flood_seconds = 0
    discussion.save()

    post_comment(article, body="First.")

    assert post_comment(article, body="Second.").status_code == 303
    assert Comment.objects.count() == 2


def test_different_readers_are_not_a_flood(post_comment, article):
    post_comment(article, body="First.")

    response = post_comment(
        article, body="Second.", email="sam@example.org", address="198.51.100.9"
    )

    assert response.status_code == 303


# Minimum time to fill the form --------------------------------------------------


@pytest.mark.parametrize(
    ("min_fill", "age", "accepted"),
    [(3, 2, False), (3, 4, True), (10, 9, False), (10, 11, True), (0, 0, True)],
)
def test_form_sent_back_faster_than_the_minimum_is_refused(
    post_comment, article, discussion, min_fill, age, accepted, monkeypatch
):
    discussion.min_fill_seconds = min_fill
    discussion.save()
    # A stopped clock: the token's age is exactly `age`, however slow the run.
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)

    response = post_comment(article, token=comment_token(article, age_seconds=age))

    assert response.status_code == (303 if accepted else 400)
    assert Comment.objects.count() == (1 if accepted else 0)
    if not accepted:
        assert form_errors(response.content.decode()) == [
            "That was quick! Please take a moment to check your comment, "
            "then send it again."
        ]


# Staff --------------------------------------------------------------------------------


def test_staff_replies_skip_every_holding_rule(
    client, post_comment, article, discussion, staff_editor
):
    discussion.spam_words = "viagra"
    discussion.hold_words = "casino"
    discussion.save()
    client.force_login(staff_editor)

    comment = stored(
        post_comment,
        article,
        body="No casino here, no viagra: https://a.example https://b.example",
        token=comment_token(article, age_seconds=0, staff=True),
    )

    assert decision(comment) == ("approved", "")


def test_bare_domains_count_as_the_links_readers_will_see(
    post_comment, article, open_moderation
):
    body = "Deals at cheap-pills.com and casino-bonus.net or loans.org"

    comment = stored(post_comment, article, body=body)

    assert decision(comment) == ("pending", "Contains 3 links.")


@pytest.mark.parametrize(
    ("spam_words", "email", "reason"),
    [
        ("@spamdomain.com", "joe@spamdomain.com", "“@spamdomain.com” in the email."),
        (".ru", "joe@mail.ru", "“.ru” in the email."),
    ],
)
def test_spam_words_starting_with_punctuation_match_inside_addresses(
    post_comment, article, open_moderation, spam_words, email, reason
):
    open_moderation.spam_words = spam_words
    open_moderation.save()

    comment = stored(post_comment, article, email=email)

    assert decision(comment) == ("spam", f"Spam word {reason}")


def test_a_spam_phrase_matches_across_runs_of_spaces(
    post_comment, article, open_moderation
):
    open_moderation.spam_words = "buy now"
    open_moderation.save()

    comment = stored(post_comment, article, body="Please BUY   now, friend.")

    assert decision(comment) == ("spam", "Spam word “BUY   now” in the text.")


def test_the_longest_close_setting_keeps_old_articles_open(
    post_comment, make_article, discussion
):
    discussion.close_after_days = 36500
    discussion.save()
    article = make_article(
        slug="old", published_at=timezone.now() - timedelta(days=3000)
    )

    assert post_comment(article).status_code == 303


def test_a_reply_to_a_removed_comment_is_refused(post_comment, article):
    removed = Comment.objects.create(
        article=article, name="Anonymous", body="This comment was removed.",
        status=Comment.Status.APPROVED, removed=True,
    )  # fmt: skip

    response = post_comment(article, parent=str(removed.pk))

    assert response.status_code == 400
    assert Comment.objects.count() == 1
