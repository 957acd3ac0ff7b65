"""Counters for brute-force protection, with the `limits` library: in memory by default, in Redis
when REDIS_URL is set so every replica shares them.

When Redis cannot be reached, the counters fall back to this process's memory (logged, at most
every 30 seconds) instead of failing logins: protection per replica beats an outage.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TypeVar

from limits import RateLimitItem, RateLimitItemPerSecond, parse_many
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from campus_common.logging import get_logger

log = get_logger(__name__)
T = TypeVar("T")
_WARN_EVERY = 30.0


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


class RateLimits:
    def __init__(
        self, *, redis_url: str | None, prefix: str = "campus-auth", timeout: float = 1.0
    ) -> None:
        self.timeout = timeout
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self.shared: MovingWindowRateLimiter | None = None
        if redis_url:
            uri = redis_url.replace("redis://", "async+redis://", 1).replace(
                "rediss://", "async+rediss://", 1
            )
            storage = storage_from_string(uri, key_prefix=prefix, wrap_exceptions=True)
            assert isinstance(storage, Storage)
            self.shared = MovingWindowRateLimiter(storage)
        self._warned_at = -_WARN_EVERY

    async def _run(self, op: Callable[[MovingWindowRateLimiter], Awaitable[T]]) -> T:
        if self.shared is not None:
            try:
                return await asyncio.wait_for(op(self.shared), self.timeout)
            except (StorageError, TimeoutError, OSError) as exc:
                now = time.monotonic()
                if now - self._warned_at >= _WARN_EVERY:
                    self._warned_at = now
                    log.warning(
                        "rate_limit_storage_unavailable",
                        fallback="memory",
                        error=type(exc).__name__,
                    )
        return await op(self.local)

    async def hit(self, limits: Sequence[RateLimitItem], *key: str) -> Verdict:
        """Count one request against every limit; refused when any of them is exhausted."""
        for item in limits:
            if not await self._run(partial(_test, item=item, key=key)):
                return Verdict(False, await self._retry_after(item, *key))
        for item in limits:
            await self._run(partial(_hit, item=item, key=key))
        return Verdict(True)

    async def count(self, item: RateLimitItem, *key: str) -> int:
        """How many hits are inside the window now."""
        stats = await self._run(lambda lim: lim.get_window_stats(item, *key))
        return item.amount - stats.remaining

    async def add(self, item: RateLimitItem, *key: str) -> None:
        await self._run(partial(_hit, item=item, key=key))

    async def clear(self, item: RateLimitItem, *key: str) -> None:
        await self._run(lambda lim: lim.clear(item, *key))

    async def _retry_after(self, item: RateLimitItem, *key: str) -> int:
        stats = await self._run(lambda lim: lim.get_window_stats(item, *key))
        return max(1, int(stats.reset_time - time.time() + 0.999))


async def _test(lim: MovingWindowRateLimiter, *, item: RateLimitItem, key: tuple[str, ...]) -> bool:
    return await lim.test(item, *key)


async def _hit(lim: MovingWindowRateLimiter, *, item: RateLimitItem, key: tuple[str, ...]) -> bool:
    return await lim.hit(item, *key)


@lru_cache(maxsize=64)
def parse_limits(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text))


def per_window(amount: int, seconds: int) -> RateLimitItem:
    return RateLimitItemPerSecond(amount, seconds)
