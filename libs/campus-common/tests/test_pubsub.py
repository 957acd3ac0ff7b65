"""listen_forever: messages of one channel reach the handler; an unreachable Redis is retried
with a doubling backoff, capped."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid

import pytest

from campus_common.pubsub import listen_forever

REDIS_URL = "redis://127.0.0.1:6379/0"


async def test_messages_of_the_channel_reach_the_handler() -> None:
    from redis.asyncio import Redis

    channel = f"test:pubsub:{uuid.uuid4().hex}"
    received: list[object] = []
    subscribed = asyncio.Event()
    task = asyncio.create_task(
        listen_forever(REDIS_URL, channel, received.append, subscribed=subscribed, name="test")
    )
    redis = Redis.from_url(REDIS_URL)
    try:
        await asyncio.wait_for(subscribed.wait(), 5)
        start = time.monotonic()
        while not received:  # the subscription may still be reaching the server
            assert time.monotonic() - start < 5, "the published message never arrived"
            await redis.publish(channel, "hello")
            await asyncio.sleep(0.05)
        assert received[0] == b"hello"
    finally:
        await redis.aclose()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_unreachable_redis_is_retried_with_a_capped_doubling_backoff() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 8:
            raise asyncio.CancelledError

    subscribed = asyncio.Event()
    subscribed.set()
    with pytest.raises(asyncio.CancelledError):
        await listen_forever(
            "redis://127.0.0.1:9", "c", lambda _: None, subscribed=subscribed, name="t", sleep=sleep
        )
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert not subscribed.is_set()
