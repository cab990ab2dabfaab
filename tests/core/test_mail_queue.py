"""Mail goes through the task queue, and a failed send is tried again later.

Django's test set-up replaces EMAIL_BACKEND with its outbox; these tests put
the queue back (`queued` fixture), sending through the outbox behind it.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail as queue_mail
from core.schedule import ensure_scheduled, run_scheduled

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sends():
    """The queue's email tasks (the worker also starts the schedules)."""
    return DBTaskResult.objects.filter(task_path="core.mail.send_email")


class FlakyBackend:
    """A mail server that fails its first `failures` sends."""

    failures = 0
    sent: list = []

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("mail server down")
        FlakyBackend.sent.extend(messages)
        return len(messages)


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = "core.mail.QueuedEmailBackend"
    settings.NEWSROOM_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def database_queue(queued):
    queued.TASKS = DATABASE_QUEUE
    return queued


def run_worker():
    call_command("run_worker", "--batch", "--no-startup-delay", stdout=mock.MagicMock())


def test_a_message_is_sent_whole_through_the_queue(queued):
    message = EmailMultiAlternatives(
        "Subject ✓",
        "Plain text",
        "desk@example.org",
        ["a@example.org"],
        cc=["c@example.org"],
        reply_to=["r@example.org"],
        headers={"List-Unsubscribe": "<https://news.example.org/u/1>"},
    )
    message.attach_alternative("<p>HTML</p>", "text/html")

    assert message.send() == 1

    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.from_email) == (
        "Subject ✓",
        "Plain text",
        "desk@example.org",
    )
    assert (sent.to, sent.cc, sent.reply_to) == (
        ["a@example.org"],
        ["c@example.org"],
        ["r@example.org"],
    )
    assert sent.extra_headers == {"List-Unsubscribe": "<https://news.example.org/u/1>"}
    assert sent.alternatives[0][:2] == ("<p>HTML</p>", "text/html")


# The worker closes its database connection between tasks, as it must: the
# test runs outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_sending_only_enqueues_and_the_worker_sends(database_queue):
    send_mail("Held comment", "Text", None, ["mod@example.org"])

    assert mail.outbox == []
    [row] = DBTaskResult.objects.all()
    assert (row.task_path, row.status) == ("core.mail.send_email", "READY")

    run_worker()

    assert [m.to for m in mail.outbox] == [["mod@example.org"]]
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"


@pytest.mark.django_db
def test_a_rolled_back_write_sends_nothing(database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Never", "Text", None, ["mod@example.org"])
        raise RuntimeError

    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_tried_again_later_and_then_succeeds(database_queue):
    database_queue.NEWSROOM_EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.sent = 2, []
    send_mail("Retry me", "Text", None, ["mod@example.org"])
    start = timezone.now()

    run_worker()  # the first attempt fails; the second waits a minute
    assert FlakyBackend.sent == []
    assert sends().filter(status="FAILED").count() == 1
    second = sends().get(status="READY")
    assert second.args_kwargs["args"][1] == 2
    assert timedelta(seconds=55) < second.run_after - start < timedelta(seconds=65)

    run_worker()  # not due yet: nothing is tried
    assert sends().filter(status="FAILED").count() == 1

    for minutes in (2, 8):  # a fake clock past each wait
        later = timezone.now() + timedelta(minutes=minutes)
        with mock.patch("django.utils.timezone.now", return_value=later):
            run_worker()

    assert [m.subject for m in FlakyBackend.sent] == ["Retry me"]
    statuses = sorted(sends().values_list("status", flat=True))
    assert statuses == ["FAILED", "FAILED", "SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)
def test_the_last_attempt_fails_for_good_and_stays_visible(database_queue):
    database_queue.NEWSROOM_EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.sent = 100, []
    last = len(queue_mail.EMAIL_RETRY_DELAYS) + 1

    queue_mail.send_email.enqueue(
        queue_mail.message_data(
            EmailMultiAlternatives("Doomed", "Text", None, ["m@example.org"])
        ),
        last,
    )
    run_worker()

    [row] = sends()
    assert row.status == "FAILED"
    assert "mail server down" in row.traceback


def test_attachments_are_refused_rather_than_queued(queued):
    message = EmailMultiAlternatives("With file", "Text", None, ["a@example.org"])
    message.attach("notes.txt", "hello", "text/plain")

    with pytest.raises(ValueError, match="cannot carry attachments"):
        message.send()


# Schedules -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_worker_starts_each_schedule_once(database_queue):
    first = ensure_scheduled()
    again = ensure_scheduled()

    assert "comments.tasks.anonymize_old_addresses" in first
    assert again == []


@pytest.mark.django_db
def test_a_scheduled_run_enqueues_the_next_one_a_day_later(database_queue):
    path = "comments.tasks.anonymize_old_addresses"
    with mock.patch("comments.tasks.comment_anonymize_ips", return_value=0) as work:
        run_scheduled.call(path)

    work.assert_called_once_with(older_than_days=30)
    [row] = DBTaskResult.objects.filter(status="READY")
    assert row.args_kwargs["args"] == [path]
    wait = row.run_after - timezone.now()
    assert timedelta(hours=23, minutes=59) < wait <= timedelta(days=1)
