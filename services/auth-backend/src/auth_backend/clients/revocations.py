"""The Redis channel revocations are published on (contract C2), where REDIS_URL is set."""

from __future__ import annotations

import json
from typing import Any

from campus_common.logging import get_logger

log = get_logger(__name__)


class RevocationPublisher:
    """PUBLISHes new entries on the Redis channel; does nothing without REDIS_URL."""

    def __init__(self, redis_url: str | None, channel: str) -> None:
        self.channel = channel
        self._redis: Any = None
        if redis_url:
            from redis.asyncio import Redis

            self._redis = Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3)

    async def publish(self, message: dict[str, Any]) -> None:
        if self._redis is None:
            return
        from redis.exceptions import RedisError

        try:
            await self._redis.publish(self.channel, json.dumps(message, separators=(",", ":")))
        except (RedisError, OSError) as exc:  # the feed still carries it
            log.warning("revocation_publish_failed", error=type(exc).__name__)

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
