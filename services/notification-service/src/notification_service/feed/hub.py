"""Live updates of the feed: one fan-out per process. Each open stream is a queue in memory,
keyed by its user's id. With Redis configured (REDIS_URL) every update goes through one channel,
so each worker process delivers it to the streams it holds; without Redis, straight to this
process's streams.

A user's streams woken by one update share one unread-count query (`unread_count`): a thousand
open tabs cost one SELECT, not a thousand (measured by `make bench`)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from campus_common.logging import get_logger
from campus_common.pubsub import listen_forever
from campus_common.tasks import Background

log = get_logger(__name__)

CHANNEL = "campus:feed"
# A stream that cannot keep up drops updates (the next unread count resynchronises it).
QUEUE_SIZE = 100

Update = dict[str, Any]


class FeedHub:
    def __init__(self, *, redis_url: str | None = None, channel: str = CHANNEL) -> None:
        self.redis_url = redis_url
        self.channel = channel
        self._subscribers: defaultdict[str, set[asyncio.Queue[Update]]] = defaultdict(set)
        # Per user: how many deliveries so far, and the unread count being read (with the
        # number of deliveries it started after).
        self._delivered: defaultdict[str, int] = defaultdict(int)
        self._counting: dict[str, tuple[int, asyncio.Future[int]]] = {}
        self._background = Background()
        self._redis: Any = None
        self.subscribed = asyncio.Event()

    def connections(self, user_id: str | None = None) -> int:
        if user_id is not None:
            return len(self._subscribers.get(user_id, ()))
        return sum(len(queues) for queues in self._subscribers.values())

    @contextmanager
    def subscribe(self, user_id: str) -> Iterator[asyncio.Queue[Update]]:
        queue: asyncio.Queue[Update] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._subscribers[user_id].add(queue)
        try:
            yield queue
        finally:
            queues = self._subscribers.get(user_id)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    del self._subscribers[user_id]
                    self._delivered.pop(user_id, None)

    def deliver(self, user_id: str, update: Update) -> None:
        """Hand the update to this process's streams of `user_id`."""
        if user_id in self._subscribers:
            self._delivered[user_id] += 1
        for queue in list(self._subscribers.get(user_id, ())):
            try:
                queue.put_nowait(update)
            except asyncio.QueueFull:
                log.warning("feed_stream_lagging")

    async def unread_count(self, user_id: str, count: Callable[[], Awaitable[int]]) -> int:
        """`count()` for `user_id`, shared by the user's streams: a stream joins a count in
        flight if it started after the latest update delivered to the user (so it sees that
        update's commit), else starts one. Cancelling one waiting stream leaves the others'."""
        epoch = self._delivered[user_id] if user_id in self._subscribers else -1
        running = self._counting.get(user_id)
        if running is None or running[0] != epoch or running[1].done():
            future = asyncio.ensure_future(count())
            self._counting[user_id] = (epoch, future)

            def forget(done: asyncio.Future[int]) -> None:
                current = self._counting.get(user_id)
                if current is not None and current[1] is done:
                    del self._counting[user_id]
                if not done.cancelled():
                    done.exception()  # retrieved: each waiter re-raises it

            future.add_done_callback(forget)
            running = (epoch, future)
        return await asyncio.shield(running[1])

    async def publish(self, user_id: str, update: Update) -> None:
        """To every worker's streams of `user_id` (through Redis when configured)."""
        if self._redis is not None:
            from redis.exceptions import RedisError

            try:
                message = orjson.dumps({"user_id": user_id, "update": update})
                await self._redis.publish(self.channel, message)
                return
            except (RedisError, OSError) as exc:
                log.warning("feed_channel_unreachable", error=type(exc).__name__)
        self.deliver(user_id, update)

    def _on_message(self, data: object) -> None:
        try:
            message = orjson.loads(data) if isinstance(data, bytes | str) else None
        except ValueError:
            message = None
        if (
            not isinstance(message, dict)
            or not isinstance(message.get("user_id"), str)
            or not isinstance(message.get("update"), dict)
        ):
            log.warning("feed_message_ignored")
            return
        self.deliver(message["user_id"], message["update"])

    def start(self) -> None:
        if self.redis_url:
            from redis.asyncio import Redis

            self._redis = Redis.from_url(self.redis_url, socket_connect_timeout=3)
            listen = listen_forever(
                self.redis_url,
                self.channel,
                self._on_message,
                subscribed=self.subscribed,
                name="feed",
            )
            self._background.start(listen, name="feed-channel")

    async def stop(self) -> None:
        await self._background.stop()
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None
