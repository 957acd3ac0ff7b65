"""Counters for brute-force protection, with the `limits` library: in memory by default, in Redis
when REDIS_URL is set so every replica shares them."""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerSecond, parse_many
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


class RateLimits:
    def __init__(self, *, redis_url: str | None, prefix: str = "campus-auth") -> None:
        if redis_url:
            uri = redis_url.replace("redis://", "async+redis://", 1).replace(
                "rediss://", "async+rediss://", 1
            )
            storage = storage_from_string(uri, key_prefix=prefix)
            assert isinstance(storage, Storage)
            self.storage: Storage = storage
        else:
            self.storage = MemoryStorage()
        self.limiter = MovingWindowRateLimiter(self.storage)

    async def hit(self, limits: list[RateLimitItem], *key: str) -> Verdict:
        """Count one request against every limit; refused when any of them is exhausted."""
        for item in limits:
            if not await self.limiter.test(item, *key):
                return Verdict(False, await self._retry_after(item, *key))
        for item in limits:
            await self.limiter.hit(item, *key)
        return Verdict(True)

    async def count(self, item: RateLimitItem, *key: str) -> int:
        """How many hits are inside the window now."""
        stats = await self.limiter.get_window_stats(item, *key)
        return item.amount - stats.remaining

    async def add(self, item: RateLimitItem, *key: str) -> None:
        await self.limiter.hit(item, *key)

    async def clear(self, item: RateLimitItem, *key: str) -> None:
        await self.limiter.clear(item, *key)

    async def _retry_after(self, item: RateLimitItem, *key: str) -> int:

        stats = await self.limiter.get_window_stats(item, *key)
        return max(1, int(stats.reset_time - time.time() + 0.999))

    async def check(self) -> None:
        ok = await self.storage.check()
        if not ok:
            raise ConnectionError("rate-limit storage unreachable")


def parse_limits(text: str) -> list[RateLimitItem]:
    return list(parse_many(text))


def per_window(amount: int, seconds: int) -> RateLimitItem:
    return RateLimitItemPerSecond(amount, seconds)
