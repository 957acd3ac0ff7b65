"""Revocations, publisher side of contract C2: what is recorded, the internal feed and its cursor,
the Redis message (the real Redis at 127.0.0.1:6379, a channel of the test's own), and the shared
verifier's state refusing the revoked tokens when fed by this service."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI

from campus_common.revocation import RevocationState, RevocationWatcher
from campus_testing.demo import demo_user_id

from .conftest import (
    ADMIN_EMAIL,
    STUDENT_EMAIL,
    Clock,
    Mailbox,
    bearer,
    full_login,
    service_headers,
)

pytestmark = pytest.mark.usefixtures("seeded")


def claims(login: httpx.Response) -> dict[str, Any]:
    token = login.json()["access_token"]
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


async def feed(client: httpx.AsyncClient, since: str | None = None) -> dict[str, Any]:
    params = {"since": since} if since else None
    response = await client.get("/internal/revocations", params=params, headers=service_headers())
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def logout(client: httpx.AsyncClient, login: httpx.Response) -> None:
    cookie = login.cookies["campus_refresh"]
    response = await client.post("/logout", headers={"Cookie": f"campus_refresh={cookie}"})
    assert response.status_code == 204


class TestRecorded:
    async def test_logout_revokes_the_session(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        login = await full_login(client, mailbox, STUDENT_EMAIL)
        assert (await feed(client))["sessions"] == []
        await logout(client, login)
        body = await feed(client)
        assert body["sessions"] == [claims(login)["sid"]]
        assert body["users"] == []
        assert isinstance(body["cursor"], str)
        assert body["cursor"]

    async def test_ending_one_session_revokes_it(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        first = await full_login(client, mailbox, STUDENT_EMAIL)
        second = await full_login(client, mailbox, STUDENT_EMAIL)
        sid = claims(first)["sid"]
        response = await client.delete(f"/sessions/{sid}", headers=bearer(second))
        assert response.status_code == 204
        assert (await feed(client))["sessions"] == [sid]

    async def test_disabling_sets_a_not_before(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        student = await full_login(client, mailbox, STUDENT_EMAIL)
        admin = bearer(await full_login(client, mailbox, ADMIN_EMAIL))
        user_id = str(demo_user_id(STUDENT_EMAIL))
        response = await client.post(f"/admin/users/{user_id}/disable", headers=admin)
        assert response.status_code == 200
        users = (await feed(client))["users"]
        assert [u["sub"] for u in users] == [user_id]
        assert isinstance(users[0]["not_before"], float)
        assert users[0]["not_before"] >= claims(student)["iat"]

    async def test_role_change_and_logout_all_set_a_not_before(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        admin = bearer(await full_login(client, mailbox, ADMIN_EMAIL))
        student_id = str(demo_user_id(STUDENT_EMAIL))
        response = await client.put(
            f"/admin/users/{student_id}/role", json={"role": "mentor"}, headers=admin
        )
        assert response.status_code == 200
        response = await client.post("/logout/all", headers=admin)
        assert response.status_code == 204
        subs = [u["sub"] for u in (await feed(client))["users"]]
        assert subs == [student_id, str(demo_user_id(ADMIN_EMAIL))]


class TestFeed:
    async def test_since_gives_only_newer_entries(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        first = await full_login(client, mailbox, STUDENT_EMAIL)
        second = await full_login(client, mailbox, STUDENT_EMAIL)
        await logout(client, first)
        clock.advance(10)  # the entry is settled: the cursor moves past it
        cursor = (await feed(client))["cursor"]
        assert (await feed(client, cursor))["sessions"] == []
        await logout(client, second)
        newer = await feed(client, cursor)
        assert newer["sessions"] == [claims(second)["sid"]]

    async def test_a_young_entry_is_sent_again_until_settled(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        """An entry younger than a few seconds may sit behind a transaction not yet committed;
        the cursor stays before it, so a poller never skips one."""
        login = await full_login(client, mailbox, STUDENT_EMAIL)
        await logout(client, login)
        sid = claims(login)["sid"]
        first = await feed(client)
        assert (await feed(client, first["cursor"]))["sessions"] == [sid]
        clock.advance(10)
        settled = await feed(client, first["cursor"])
        assert settled["sessions"] == [sid]
        assert (await feed(client, settled["cursor"]))["sessions"] == []

    async def test_without_since_only_what_is_still_relevant(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: Clock
    ) -> None:
        login = await full_login(client, mailbox, STUDENT_EMAIL)
        await logout(client, login)
        clock.advance(15 * 60 + 61)  # the access-token lifetime and the margin have passed
        assert (await feed(client))["sessions"] == []

    async def test_bad_cursor_is_400(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/internal/revocations", params={"since": "!!"}, headers=service_headers()
        )
        assert response.status_code == 400
        assert response.json()["type"].endswith("invalid-cursor")

    async def test_needs_a_service_token(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/internal/revocations")).status_code == 401


class TestVerifierState:
    async def test_the_shared_watcher_refuses_revoked_tokens(
        self, app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        """The verifiers' own RevocationWatcher, reading this service's feed."""
        login = await full_login(client, mailbox, STUDENT_EMAIL)
        other = await full_login(client, mailbox, ADMIN_EMAIL)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://auth", headers=service_headers()
        ) as feed_client:
            watcher = RevocationWatcher(RevocationState(), client=feed_client)
            assert await watcher.refresh()
            mine, theirs = claims(login), claims(other)
            assert not watcher.state.refuses(mine["sub"], mine["sid"], mine["iat"])
            await logout(client, login)
            assert await watcher.refresh()
        assert watcher.state.refuses(mine["sub"], mine["sid"], mine["iat"])
        assert not watcher.state.refuses(theirs["sub"], theirs["sid"], theirs["iat"])


class TestRedis:
    @pytest.fixture
    def channel(self) -> str:
        return f"test:revocations:{uuid.uuid4().hex}"

    @pytest.fixture
    def settings_overrides(self, channel: str) -> dict[str, Any]:
        return {"redis_url": "redis://127.0.0.1:6379/0", "revocation_channel": channel}

    async def test_each_entry_is_published_after_the_commit(
        self, client: httpx.AsyncClient, mailbox: Mailbox, channel: str
    ) -> None:
        from redis.asyncio import Redis

        login = await full_login(client, mailbox, STUDENT_EMAIL)
        redis = Redis.from_url("redis://127.0.0.1:6379/0")
        try:
            async with redis.pubsub() as pubsub:
                await pubsub.subscribe(channel)
                await pubsub.get_message(timeout=1)  # the subscribe confirmation
                await logout(client, login)
                message = None
                for _ in range(50):
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
                    if message is not None:
                        break
                    await asyncio.sleep(0.05)
        finally:
            await redis.aclose()
        assert message is not None
        assert json.loads(message["data"]) == {"sessions": [claims(login)["sid"]], "users": []}
