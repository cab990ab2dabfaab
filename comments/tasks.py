"""The comments' scheduled work, run by the task worker (core/schedule.py)."""

import logging
from datetime import timedelta

from django.conf import settings

from core.schedule import every

from .models import ModeratorMail
from .notifications import send_digests
from .services import comment_anonymize_ips

logger = logging.getLogger(__name__)


@every(timedelta(days=1))
def anonymize_old_addresses() -> None:
    """Daily: the host part of addresses older than NEWSROOM_COMMENT_IP_DAYS."""
    changed = comment_anonymize_ips(older_than_days=settings.NEWSROOM_COMMENT_IP_DAYS)
    logger.info("Anonymised the IP address of %d comment(s)", changed)


@every(timedelta(hours=1))
def hourly_digests() -> None:
    send_digests(ModeratorMail.Frequency.HOURLY)


@every(timedelta(days=1))
def daily_digests() -> None:
    send_digests(ModeratorMail.Frequency.DAILY)
