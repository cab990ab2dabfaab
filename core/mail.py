"""Every email goes through the task queue: no page ever waits on a mail server.

`EMAIL_BACKEND` is `QueuedEmailBackend`: whatever sends mail (moderation
notices, a contributor's welcome, Django's password reset) hands each message
to it, and it only enqueues a `send_email` task, in the same transaction as
the write that caused it (a rolled-back comment sends nothing). The worker
(`manage.py run_worker`) then sends it through NEWSROOM_EMAIL_BACKEND, the
real one (SMTP, or the console in development).

A send that fails is tried again later, each wait longer than the last
(EMAIL_RETRY_DELAYS), and the failed attempt stays in the admin's task
results with its traceback for superusers to see. When the worker is down
the messages wait in the database: delayed, never lost.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)

# Waits before the second, third... attempt: about a day and a half in all,
# long enough to ride out a mail provider's outage.
EMAIL_RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=8),
    timedelta(hours=24),
]


def message_data(message: EmailMessage) -> dict:
    """A message as plain JSON values, for the task queue."""
    if message.attachments:
        # Nothing newsroom sends has any; a file in the queue's table would
        # be the wrong place for one.
        raise ValueError("Queued emails cannot carry attachments.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def message_from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Enqueue each message; the worker sends it (see the module text)."""

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            send_email.enqueue(message_data(message))
            count += 1
        return count


@task()
def send_email(message: dict, attempt: int = 1) -> None:
    """Send one queued message; on failure, enqueue the next attempt and fail."""
    connection = get_connection(settings.NEWSROOM_EMAIL_BACKEND, fail_silently=False)
    try:
        connection.send_messages([message_from_data(message)])
    except Exception:
        if attempt <= len(EMAIL_RETRY_DELAYS) and default_task_backend.supports_defer:
            wait = EMAIL_RETRY_DELAYS[attempt - 1]
            send_email.using(run_after=timezone.now() + wait).enqueue(
                message, attempt + 1
            )
            logger.warning(
                "Email %r to %d recipient(s) not sent (attempt %d); next in %s",
                message["subject"],
                len(message["to"]) + len(message["cc"]) + len(message["bcc"]),
                attempt,
                wait,
            )
        else:
            logger.error(
                "Email %r not sent after %d attempts", message["subject"], attempt
            )
        # This attempt is recorded as failed, with its traceback.
        raise
