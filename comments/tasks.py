"""The comments' scheduled work, run by the task worker (core/schedule.py)."""

import logging
from datetime import timedelta

from django.conf import settings

from core.schedule import every

from .services import comment_anonymize_ips

logger = logging.getLogger(__name__)


@every(timedelta(days=1))
def anonymize_old_addresses() -> None:
    """Daily: the host part of addresses older than NEWSROOM_COMMENT_IP_DAYS."""
    changed = comment_anonymize_ips(older_than_days=settings.NEWSROOM_COMMENT_IP_DAYS)
    logger.info("Anonymised the IP address of %d comment(s)", changed)
