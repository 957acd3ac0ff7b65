"""The hub's shared unread count: a user's streams woken by one update read the count once; a
count that started before an update is not reused after it; a failed count fails its waiters
only; and through the real stream, a hundred open streams of one user cost one query per new
item while each still gets the item and the right count."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from fastapi import FastAPI

from campus_testing.services import asgi_client
from notification_service.feed import repository as repo
from notification_service.feed import service as feed
from notification_service.feed.hub import FeedHub

from .conftest import service_headers


class Counter:
    """A count that waits for `release` and records how often it ran."""

    def __init__(self, value: int = 3) -> None:
        self.value = value
        self.calls = 0
        self.release = asyncio.Event()

    async def __call__(self) -> int:
        self.calls += 1
        await self.release.wait()
        return self.value


class TestSharedCount:
    async def test_streams_woken_by_one_update_share_one_count(self) -> None:
        hub = FeedHub()
        counter = Counter()
        with hub.subscribe("u1"):
            hub.deliver("u1", {"kind": "item"})
            waiting = [asyncio.ensure_future(hub.unread_count("u1", counter)) for _ in range(50)]
            await asyncio.sleep(0)
            counter.release.set()
            assert await asyncio.gather(*waiting) == [3] * 50
        assert counter.calls == 1

    async def test_a_count_started_before_an_update_is_not_reused_after_it(self) -> None:
        hub = FeedHub()
        before, after = Counter(1), Counter(2)
        with hub.subscribe("u1"):
            stale = asyncio.ensure_future(hub.unread_count("u1", before))
            await asyncio.sleep(0)
            hub.deliver("u1", {"kind": "item"})
            fresh = asyncio.ensure_future(hub.unread_count("u1", after))
            await asyncio.sleep(0)
            before.release.set()
            after.release.set()
            assert (await stale, await fresh) == (1, 2)
        assert (before.calls, after.calls) == (1, 1)

    async def test_a_finished_count_is_read_again(self) -> None:
        hub = FeedHub()
        counter = Counter()
        counter.release.set()
        with hub.subscribe("u1"):
            assert await hub.unread_count("u1", counter) == 3
            assert await hub.unread_count("u1", counter) == 3
        assert counter.calls == 2

    async def test_a_failed_count_fails_its_waiters_and_the_next_one_runs(self) -> None:
        hub = FeedHub()

        async def broken() -> int:
            raise ConnectionError("database gone")

        with hub.subscribe("u1"):
            with pytest.raises(ConnectionError):
                await hub.unread_count("u1", broken)
            counter = Counter()
            counter.release.set()
            assert await hub.unread_count("u1", counter) == 3

    async def test_a_cancelled_waiter_leaves_the_count_to_the_others(self) -> None:
        hub = FeedHub()
        counter = Counter()
        with hub.subscribe("u1"):
            first = asyncio.ensure_future(hub.unread_count("u1", counter))
            second = asyncio.ensure_future(hub.unread_count("u1", counter))
            await asyncio.sleep(0)
            first.cancel()
            counter.release.set()
            assert await second == 3
        assert counter.calls == 1


async def next_event(stream: object) -> str:
    return await asyncio.wait_for(stream.__anext__(), timeout=5)  # type: ignore[attr-defined]


async def test_a_hundred_streams_of_one_user_cost_one_count_per_item(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = app.state.context
    calls = 0
    real = repo.unread_count

    async def counted(*args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "unread_count", counted)
    streams = [feed.stream(ctx.sessionmaker, hub=ctx.feed_hub, user_id="u1") for _ in range(100)]
    firsts = await asyncio.gather(*(next_event(s) for s in streams))
    assert all('"unread":0' in f for f in firsts)
    opened = calls

    async with asgi_client(app, headers=service_headers("feedback-service")) as producer:
        sent = await producer.post(
            "/v1/events",
            json={"id": uuid.uuid4().hex, "user_id": "u1", "type": "message_posted", "title": "Hi"},
        )
        assert sent.status_code == 201, sent.text
    await asyncio.sleep(0)
    items = await asyncio.gather(*(next_event(s) for s in streams))
    counts = await asyncio.gather(*(next_event(s) for s in streams))
    assert all(i.startswith("event: item\n") for i in items)
    assert all(c == 'event: unread\ndata: {"unread":1}\n\n' for c in counts)
    assert calls - opened == 1
    for s in streams:
        await s.aclose()
    assert ctx.feed_hub.connections() == 0
