"""The feed: ingest (idempotent by the producer's event id), a user's own items newest first,
unread count, marking read, and the live stream with its fan-out."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.services import asgi_client
from campus_testing.tokens import SigningKey
from notification_service.feed import service as feed
from notification_service.feed.hub import FeedHub

from .conftest import service_headers

REDIS_URL = "redis://127.0.0.1:6379/0"  # the Redis every machine of the project runs


def event(recipient: str, **overrides: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "user_id": recipient,
        "type": "feedback_published",
        "title": "Feedback published: Essay 1",
        "summary": "Ms Rivera published feedback.",
        "link": f"/feedback/{uuid.uuid4()}",
        **overrides,
    }


@pytest.fixture
async def producer(app: FastAPI) -> Any:
    async with asgi_client(app, headers=service_headers("feedback-service")) as c:
        yield c


@pytest.fixture
def as_user(app: FastAPI) -> Callable[[str], dict[str, str]]:
    key = SigningKey()
    app.state.verifier.set_keys(key.jwks)
    return lambda sub: key.headers(sub=sub, role="student")


@pytest.fixture
async def client(app: FastAPI) -> Any:
    async with asgi_client(app) as c:
        yield c


class TestIngest:
    async def test_the_same_event_twice_is_one_item(
        self, producer: httpx.AsyncClient, client: httpx.AsyncClient, as_user: Any
    ) -> None:
        body = event("u1")
        first = await producer.post("/v1/events", json=body)
        again = await producer.post("/v1/events", json=body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"]
        assert again.json()["created"] is False
        page = (await client.get("/v1/feed", headers=as_user("u1"))).json()
        assert [i["title"] for i in page["items"]] == [body["title"]]
        assert page["unread"] == 1

    async def test_concurrent_retries_store_one_item(
        self, producer: httpx.AsyncClient, client: httpx.AsyncClient, as_user: Any
    ) -> None:
        body = event("u1")
        answers = await asyncio.gather(*(producer.post("/v1/events", json=body) for _ in range(4)))
        assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
        count = (await client.get("/v1/feed/unread-count", headers=as_user("u1"))).json()
        assert count == {"unread": 1}

    async def test_needs_a_service_token(self, client: httpx.AsyncClient, as_user: Any) -> None:
        anonymous = await client.post("/v1/events", json=event("u1"))
        as_a_user = await client.post("/v1/events", json=event("u1"), headers=as_user("u1"))
        assert anonymous.status_code == 401
        assert as_a_user.status_code == 403  # a user token is not a service token

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("type", "anything"),
            ("link", "https://evil.example/x"),
            ("title", "two\nlines"),
            ("user_id", "a b"),
            ("summary", "x" * 1001),
        ],
    )
    async def test_bad_input_names_the_field(
        self, producer: httpx.AsyncClient, field: str, value: str
    ) -> None:
        response = await producer.post("/v1/events", json=event("u1", **{field: value}))
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in response.text


class TestMyFeed:
    async def test_newest_first_with_cursor_paging(
        self,
        producer: httpx.AsyncClient,
        client: httpx.AsyncClient,
        as_user: Any,
        clock: Any,
    ) -> None:
        for n in range(5):
            await producer.post("/v1/events", json=event("u1", title=f"Item {n}"))
            clock.advance(1)
        headers = as_user("u1")
        first = (await client.get("/v1/feed?limit=2", headers=headers)).json()
        second = (
            await client.get(f"/v1/feed?limit=2&cursor={first['next_cursor']}", headers=headers)
        ).json()
        third = (
            await client.get(f"/v1/feed?limit=2&cursor={second['next_cursor']}", headers=headers)
        ).json()
        titles = [i["title"] for p in (first, second, third) for i in p["items"]]
        assert titles == ["Item 4", "Item 3", "Item 2", "Item 1", "Item 0"]
        assert third["next_cursor"] is None

    async def test_a_bad_cursor_is_a_400(self, client: httpx.AsyncClient, as_user: Any) -> None:
        response = await client.get("/v1/feed?cursor=nope!", headers=as_user("u1"))
        assert response.status_code == 400
        assert response.json()["type"].endswith("invalid-cursor")

    async def test_only_my_items(
        self, producer: httpx.AsyncClient, client: httpx.AsyncClient, as_user: Any
    ) -> None:
        mine = (await producer.post("/v1/events", json=event("u1"))).json()["id"]
        await producer.post("/v1/events", json=event("u2"))
        other = as_user("u2")
        page = (await client.get("/v1/feed", headers=as_user("u1"))).json()
        assert [i["id"] for i in page["items"]] == [mine]
        stolen = await client.post(f"/v1/feed/{mine}/read", headers=other)
        assert stolen.status_code == 404
        assert (await client.get("/v1/feed/unread-count", headers=as_user("u1"))).json() == {
            "unread": 1
        }

    async def test_anonymous_is_refused(self, client: httpx.AsyncClient) -> None:
        for path in ("/v1/feed", "/v1/feed/unread-count", "/v1/feed/stream"):
            assert (await client.get(path)).status_code == 401
        assert (await client.post("/v1/feed/read-all")).status_code == 401

    async def test_mark_read_and_read_all(
        self, producer: httpx.AsyncClient, client: httpx.AsyncClient, as_user: Any
    ) -> None:
        ids = [(await producer.post("/v1/events", json=event("u1"))).json()["id"] for _ in "abc"]
        headers = as_user("u1")
        read = await client.post(f"/v1/feed/{ids[0]}/read", headers=headers)
        assert read.status_code == 200
        assert read.json()["read_at"] is not None
        assert (await client.get("/v1/feed/unread-count", headers=headers)).json() == {"unread": 2}
        unread_only = (await client.get("/v1/feed?unread=true", headers=headers)).json()
        assert {i["id"] for i in unread_only["items"]} == set(ids[1:])
        everything = await client.post("/v1/feed/read-all", headers=headers)
        assert everything.json() == {"marked": 2, "unread": 0}
        assert (await client.get("/v1/feed/unread-count", headers=headers)).json() == {"unread": 0}


async def next_event(stream: Any) -> str:
    chunk: str = await asyncio.wait_for(anext(stream), timeout=5)
    return chunk


class TestStream:
    async def test_unread_count_then_each_new_item(
        self, app: FastAPI, producer: httpx.AsyncClient
    ) -> None:
        ctx = app.state.context
        await producer.post("/v1/events", json=event("u1"))
        stream = feed.stream(ctx.sessionmaker, hub=ctx.feed_hub, user_id="u1")
        first = await next_event(stream)
        assert first.startswith("retry: ")
        assert 'event: unread\ndata: {"unread":1}\n\n' in first
        body = event("u1", title="Live one")
        await producer.post("/v1/events", json=body)
        item = await next_event(stream)
        assert item.startswith("event: item\n")
        assert "Live one" in item
        assert await next_event(stream) == 'event: unread\ndata: {"unread":2}\n\n'
        await producer.post("/v1/events", json=event("u2"))  # someone else's: not pushed here
        await producer.post("/v1/events", json=event("u1", title="Next"))
        assert "Next" in await next_event(stream)
        await stream.aclose()
        assert ctx.feed_hub.connections() == 0

    async def test_heartbeat_when_idle(self, app: FastAPI) -> None:
        ctx = app.state.context
        stream = feed.stream(ctx.sessionmaker, hub=ctx.feed_hub, user_id="u1", heartbeat=0.05)
        await next_event(stream)
        assert await next_event(stream) == ": heartbeat\n\n"
        await stream.aclose()

    async def test_mark_read_elsewhere_updates_the_count(
        self, app: FastAPI, producer: httpx.AsyncClient, client: httpx.AsyncClient, as_user: Any
    ) -> None:
        ctx = app.state.context
        await producer.post("/v1/events", json=event("u1"))
        stream = feed.stream(ctx.sessionmaker, hub=ctx.feed_hub, user_id="u1")
        await next_event(stream)
        await client.post("/v1/feed/read-all", headers=as_user("u1"))
        assert await next_event(stream) == 'event: unread\ndata: {"unread":0}\n\n'
        await stream.aclose()


class TestHubThroughRedis:
    async def test_two_hubs_fan_out_through_one_channel(self) -> None:
        channel = f"campus:feed:test:{uuid.uuid4().hex}"
        one, two = (
            FeedHub(redis_url=REDIS_URL, channel=channel),
            FeedHub(redis_url=REDIS_URL, channel=channel),
        )
        one.start()
        two.start()
        try:
            await asyncio.wait_for(one.subscribed.wait(), 5)
            await asyncio.wait_for(two.subscribed.wait(), 5)
            with one.subscribe("u1") as a, two.subscribe("u1") as b:
                await one.publish("u1", {"kind": "unread", "unread": 7})
                got = await asyncio.gather(
                    asyncio.wait_for(a.get(), 5), asyncio.wait_for(b.get(), 5)
                )
            assert got == [{"kind": "unread", "unread": 7}] * 2
        finally:
            await one.stop()
            await two.stop()
