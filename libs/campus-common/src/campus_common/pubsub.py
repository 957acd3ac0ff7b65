"""Listening to a Redis channel for as long as a service runs (`listen_forever`): what the
revocation watcher and the notification feed both need."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from campus_common.logging import get_logger

log = get_logger(__name__)
Sleep = Callable[[float], Awaitable[None]]


async def listen_forever(
    redis_url: str,
    channel: str,
    on_message: Callable[[object], None],
    *,
    subscribed: asyncio.Event,
    name: str,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Hand the data of each message published on `channel` to `on_message`, until cancelled.

    `subscribed` is set while the subscription stands. A refused or lost connection clears it,
    is logged as `<name>_channel_unreachable` (the error's type only) and is retried after a
    backoff of 0.5 s, doubling up to 30 s; a subscription logs `<name>_channel_subscribed`."""
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    backoff = 0.5
    while True:
        redis: Redis = Redis.from_url(redis_url, socket_connect_timeout=3)
        try:
            async with redis.pubsub() as pubsub:
                await pubsub.subscribe(channel)
                log.info(f"{name}_channel_subscribed")
                subscribed.set()
                backoff = 0.5
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        on_message(message.get("data"))
        except (RedisError, OSError, ValueError) as exc:
            subscribed.clear()
            log.warning(f"{name}_channel_unreachable", error=type(exc).__name__)
        finally:
            await redis.aclose()
        await sleep(backoff)
        backoff = min(backoff * 2, 30.0)
