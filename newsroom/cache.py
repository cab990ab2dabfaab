"""The pages cache's Redis back end: a miss, not an error, when Redis is away.

Pages and fragments are copies of what the database can always make again,
so a Redis that is restarting or out of reach must slow pages down, not break
them. Django's RedisCache raises; this one logs and carries on.
"""

import logging

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except Exception as exc:
            logger.warning("Pages cache unavailable, page rendered: %s", exc)
            return default

    def set(self, key, value, timeout=None, version=None):
        # timeout=None is never used here: pages always have a lifetime.
        try:
            super().set(key, value, timeout, version)
        except Exception as exc:
            logger.warning("Pages cache unavailable, page not stored: %s", exc)
