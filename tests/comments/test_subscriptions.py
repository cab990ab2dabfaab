"""Commenters hear of their comment's approval and of replies, once confirmed."""

import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from comments import subscriptions
from comments.models import Comment, Subscription
from comments.services import comment_erase, comment_moderate, comment_submit

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver(/comments/subscriptions/[^\s>]+)")


@pytest.fixture
def article(make_article):
    return make_article(title="Budget day")


def submit(article, name="Rita", email="rita@example.net", **fields):
    return comment_submit(
        article=article,
        name=name,
        email=email,
        website="",
        body=fields.pop("body", "A thoughtful comment."),
        ip_address="192.0.2.10",
        user_agent="Mozilla/5.0",
        **fields,
    )


def approve(comments, admin_user, callbacks):
    with callbacks(execute=True):
        comment_moderate(
            comments=Comment.objects.filter(pk__in=[c.pk for c in comments]),
            status=Comment.Status.APPROVED,
            moderator=admin_user,
        )


def links(message) -> list[str]:
    return LINK.findall(message.body)


def test_ticking_sends_one_confirmation_and_nothing_else_until_confirmed(
    article, mailoutbox, admin_user, django_capture_on_commit_callbacks
):
    comment = submit(article)
    mailoutbox.clear()

    assert subscriptions.subscribe(comment=comment, approval=True, replies=True) == 2
    [confirmation] = mailoutbox
    assert confirmation.to == ["rita@example.net"]
    assert confirmation.subject == "Confirm your email for comments on “Budget day”"
    assert "- When my comment is approved\n- Replies in my threads" in (
        confirmation.body
    )

    approve([comment], admin_user, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1  # unconfirmed: no approval email


def test_a_confirmation_link_shows_a_button_and_only_the_post_confirms(
    client, article, mailoutbox
):
    comment = submit(article)
    subscriptions.subscribe(comment=comment, approval=True, replies=False)
    confirm = links(mailoutbox[-1])[0]

    page = client.get(confirm)
    assert page.status_code == 200
    assert b">Confirm</button>" in page.content
    assert Subscription.objects.get().confirmed_at is None
    assert page["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )

    done = client.post(confirm)
    again = client.post(confirm)
    assert (done.status_code, again.status_code) == (200, 200)
    assert Subscription.objects.get().confirmed_at is not None


def test_a_confirmed_commenter_hears_when_their_comment_is_approved(
    client, article, mailoutbox, admin_user, django_capture_on_commit_callbacks
):
    comment = submit(article)
    subscriptions.subscribe(comment=comment, approval=True, replies=False)
    client.post(links(mailoutbox[-1])[0])
    mailoutbox.clear()

    approve([comment], admin_user, django_capture_on_commit_callbacks)

    [published] = mailoutbox
    assert published.to == ["rita@example.net"]
    assert published.subject == "Your comment on “Budget day” is published"
    stop_article, stop_all = links(published)
    assert published.extra_headers == {
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Unsubscribe": f"<http://testserver{stop_article}>",
    }
    assert "Stop all emails from us" in published.body
    # The links name no address: a link is readable, only its signature secret.
    for link in links(published):
        assert "rita" not in signing.b64_decode(
            link.split("/")[4].split(":")[0].encode()
        ).decode(errors="replace")


def test_followers_of_a_thread_hear_of_each_approved_reply_but_not_their_own(
    client, article, mailoutbox, admin_user, django_capture_on_commit_callbacks
):
    rita = submit(article)
    approve([rita], admin_user, django_capture_on_commit_callbacks)
    subscriptions.subscribe(comment=rita, approval=False, replies=True)
    client.post(links(mailoutbox[-1])[0])
    unconfirmed = submit(article, name="Sam", email="sam@example.org")
    subscriptions.subscribe(comment=unconfirmed, approval=False, replies=True)
    mailoutbox.clear()

    bo = submit(article, name="Bo", email="bo@example.org", parent=rita)
    deeper = submit(article, name="Cy", email="cy@example.org", parent=bo)
    own = submit(article, name="Rita", email="RITA@example.net", parent=bo)
    approve([bo, deeper, own], admin_user, django_capture_on_commit_callbacks)

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["rita@example.net"], "Bo replied on “Budget day”"),
        (["rita@example.net"], "Cy replied on “Budget day”"),
    ]
    for message in mailoutbox:
        whole = str(message.message())
        assert "bo@example.org" not in whole and "cy@example.org" not in whole


def test_one_click_unsubscribe_for_the_article_and_for_everything(
    client, article, make_article, mailoutbox
):
    other = make_article(title="Harbour")
    for story in (article, other):
        comment = submit(story)
        subscriptions.subscribe(comment=comment, approval=False, replies=True)
    first = Subscription.objects.order_by("pk").first()
    stop_article = subscriptions.unsubscribe_url(first, article.pk)
    stop_all = subscriptions.unsubscribe_url(first, None)

    assert client.get(stop_article).status_code == 200
    assert Subscription.objects.count() == 2
    # As a mail program does it: a POST, no cookie, no CSRF token.
    response = client.post(stop_article, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert list(Subscription.objects.values_list("article_id", flat=True)) == [other.pk]
    assert client.post(stop_all).status_code == 200
    assert client.post(stop_all).status_code == 200  # replayed: nothing left
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize(
    "view", ["comments:subscription-confirm", "comments:unsubscribe"]
)
def test_a_forged_link_changes_nothing_and_says_so(client, article, view):
    comment = submit(article)
    subscriptions.subscribe(comment=comment, approval=True, replies=True)
    first = Subscription.objects.first()
    token = subscriptions.unsubscribe_url(first, None).rsplit("/", 2)[1]
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")

    response = client.post(reverse(view, args=[forged]))

    assert response.status_code == 400
    assert b"This link is not one we sent" in response.content
    assert Subscription.objects.count() == 2
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


def test_a_confirmation_link_expires_after_a_week(client, article, mailoutbox):
    comment = submit(article)
    subscriptions.subscribe(comment=comment, approval=True, replies=False)
    confirm = links(mailoutbox[-1])[0]

    eight_days = time.time() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days):
        response = client.post(confirm)

    assert response.status_code == 400
    assert b"This confirmation link has expired" in response.content
    assert Subscription.objects.get().confirmed_at is None


def test_erasing_an_address_drops_its_subscriptions(article, admin_user):
    comment = submit(article)
    subscriptions.subscribe(comment=comment, approval=True, replies=True)

    comment_erase(email="RITA@example.net", actor=admin_user)

    assert Subscription.objects.count() == 0


# The form ------------------------------------------------------------------------


def test_the_form_offers_both_boxes_unticked(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    for name, label in (
        ("notify_replies", "Notify me of follow-up comments by email"),
        ("notify_approval", "Tell me when my comment is approved"),
    ):
        assert (
            f'<input type="checkbox" name="{name}" class="form-check-input" '
            f'id="id_{name}">' in html
        )
        assert f'<label for="id_{name}" class="form-check-label">{label}</label>' in (
            html
        )


def test_a_ticked_box_sends_the_confirmation_and_an_unticked_form_sends_none(
    article, post_comment, mailoutbox, discussion
):
    discussion.notify_moderators = False
    discussion.save()
    post_comment(article)
    assert mailoutbox == []

    response = post_comment(
        article,
        notify_approval="on",
        name="Sam",
        email="sam@example.org",
        body="Second thought.",
        address="192.0.2.11",
    )

    assert response.status_code == 303
    [confirmation] = mailoutbox
    assert confirmation.to == ["sam@example.org"]
    assert list(Subscription.objects.values_list("kind", "confirmed_at")) == [
        ("approval", None)
    ]


def test_spam_subscribes_no_one(article, post_comment, mailoutbox, discussion):
    discussion.notify_moderators = False
    discussion.spam_words = "casino"
    discussion.save()

    post_comment(article, body="Best casino here", notify_replies="on")

    assert mailoutbox == []
    assert Subscription.objects.count() == 0
