"""Each moderator chooses: an email per held comment, or an hourly or daily digest."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModeratorMail
from comments.notifications import send_digests
from tests.comments.test_notifications import submit

pytestmark = pytest.mark.django_db
HOURLY, DAILY = ModeratorMail.Frequency.HOURLY, ModeratorMail.Frequency.DAILY


@pytest.fixture
def article(make_article):
    return make_article(title="Budget day")


def held(article, minutes_ago, **fields):
    comment = submit(article, **fields)
    when = timezone.now() - timedelta(minutes=minutes_ago)
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    return comment


def test_a_moderator_on_a_digest_gets_no_email_per_comment(
    article,
    moderators,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    boss, direct, grouped = moderators
    ModeratorMail.objects.create(user=direct, frequency=HOURLY)

    with django_capture_on_commit_callbacks(execute=True):
        submit(article)

    assert sorted(m.to[0] for m in mailoutbox) == [boss.email, grouped.email]


def test_the_hourly_digest_lists_what_was_held_since_the_last_one(
    article,
    moderators,
    mailoutbox,
):
    boss, direct, grouped = moderators
    ModeratorMail.objects.create(user=direct, frequency=HOURLY)
    ModeratorMail.objects.create(user=grouped, frequency=DAILY)
    first = held(article, 50, name="Ann", body="First thought.")
    second = held(article, 10, name="Bo", body="Second thought.", email="bo@x.org")
    held(article, 90, name="Old", body="Before the hour.")
    mailoutbox.clear()

    assert send_digests(HOURLY) == 1

    [digest] = mailoutbox
    assert digest.to == [direct.email]
    assert digest.subject == "2 comments waiting for moderation"
    assert digest.body.index("First thought.") < digest.body.index("Second thought.")
    assert "Before the hour." not in digest.body
    for comment in (first, second):
        link = f"/admin/comments/comment/{comment.pk}/moderate/?status=approved"
        assert f"Approve: http://testserver{link}" in digest.body

    # The next hour has nothing new: no email at all.
    mailoutbox.clear()
    assert send_digests(HOURLY, now=timezone.now() + timedelta(hours=1)) == 0
    assert mailoutbox == []


def test_the_daily_digest_goes_to_those_who_chose_it(
    article,
    moderators,
    mailoutbox,
):
    boss, direct, grouped = moderators
    ModeratorMail.objects.create(user=grouped, frequency=DAILY)
    held(article, 600, body="Held this morning.")
    mailoutbox.clear()

    send_digests(DAILY)

    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([grouped.email], "1 comment waiting for moderation")
    ]


def test_a_moderator_chooses_in_their_own_page_and_sees_no_one_elses(
    client,
    moderators,
):
    boss, direct, grouped = moderators
    others = ModeratorMail.objects.create(user=boss, frequency=DAILY)
    client.force_login(direct)

    page = client.get(reverse("admin:comments_moderatormail_changelist"))
    mine = ModeratorMail.objects.get(user=direct)
    assert page.status_code == 302
    assert page["Location"] == reverse(
        "admin:comments_moderatormail_change", args=[mine.pk]
    )

    change = reverse("admin:comments_moderatormail_change", args=[mine.pk])
    client.post(change, {"frequency": "hourly"})
    mine.refresh_from_db()
    assert mine.frequency == HOURLY
    theirs = client.get(
        reverse("admin:comments_moderatormail_change", args=[others.pk])
    )
    assert theirs.status_code == 302  # Django's "does not exist": not theirs to see
    others.refresh_from_db()
    assert others.frequency == DAILY


def test_staff_who_do_not_moderate_have_no_such_page(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "ed", "ed@x.org", "pass-123-word", is_staff=True
    )
    client.force_login(editor)

    response = client.get(reverse("admin:comments_moderatormail_changelist"))

    assert response.status_code == 403


def test_a_digest_after_the_worker_was_down_covers_the_whole_gap(
    article, moderators, mailoutbox
):
    boss, direct, grouped = moderators
    ModeratorMail.objects.create(user=direct, frequency=HOURLY)
    start = timezone.now()
    send_digests(HOURLY, now=start)
    late = held(article, 0, body="Held while the worker was down.")
    Comment.objects.filter(pk=late.pk).update(created_at=start + timedelta(minutes=30))
    mailoutbox.clear()

    send_digests(HOURLY, now=start + timedelta(hours=3))

    [digest] = mailoutbox
    assert "Held while the worker was down." in digest.body
