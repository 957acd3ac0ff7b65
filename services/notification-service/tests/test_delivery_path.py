"""The path of a code email from the request to the mailbox: only its lane's worker is woken, the
first email of a batch goes out without a second transaction, the dev mailbox answers a long poll
as soon as the email is stored."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from campus_testing.problems import assert_problem
from notification_service.models import OutboxMessage, Verification
from notification_service.outbox.repository import CODE_PRIORITY, DEFAULT_PRIORITY
from notification_service.outbox.worker import OutboxWorker, wake_lanes

from .conftest import code_in

Drain = Callable[[], Awaitable[int]]
TO = "dara.student@campus.local"
OTHER = "fay.student@campus.local"
MAILBOX = "/mailbox/api/messages"


async def start(internal: httpx.AsyncClient, to: str = TO) -> dict[str, Any]:
    response = await internal.post("/v1/verifications", json={"to": to, "purpose": "login"})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def newest(client: httpx.AsyncClient, to: str = TO) -> dict[str, Any]:
    messages = (await client.get(MAILBOX, params={"to": to, "limit": 1})).json()["messages"]
    assert messages
    message: dict[str, Any] = messages[0]
    return message


class FakeLane:
    def __init__(self, max_priority: int | None) -> None:
        self.max_priority = max_priority
        self.woken = 0

    def wake(self) -> None:
        self.woken += 1


class TestWakeLanes:
    def test_a_code_email_wakes_the_code_lane_only(self) -> None:
        every, codes = FakeLane(None), FakeLane(CODE_PRIORITY)
        wake_lanes([every, codes], {CODE_PRIORITY})  # type: ignore[list-item]
        assert (every.woken, codes.woken) == (0, 1)

    def test_other_mail_wakes_the_general_worker(self) -> None:
        every, codes = FakeLane(None), FakeLane(CODE_PRIORITY)
        wake_lanes([every, codes], {DEFAULT_PRIORITY})  # type: ignore[list-item]
        assert (every.woken, codes.woken) == (1, 0)

    def test_unknown_priority_wakes_every_worker(self) -> None:
        every, codes = FakeLane(None), FakeLane(CODE_PRIORITY)
        wake_lanes([every, codes], {None})  # type: ignore[list-item]
        assert (every.woken, codes.woken) == (1, 1)

    async def test_creating_a_verification_wakes_the_code_lane(
        self, app: FastAPI, internal: httpx.AsyncClient
    ) -> None:
        every, codes = app.state.context.lanes.workers
        assert codes.max_priority == CODE_PRIORITY
        await start(internal)
        assert codes.signal.is_set()
        assert not every.signal.is_set()


class TestBatchDelivery:
    async def test_each_code_email_of_a_batch_carries_its_own_code(
        self, app: FastAPI, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        """The first email's verification is read with the claim, the others' with each lease
        renewal; a code killed between the claim and its turn is not sent."""
        first, second, third = [await start(internal, to) for to in (TO, OTHER, "x@campus.local")]
        worker: OutboxWorker = app.state.context.outbox_worker

        class KillThirdAfterFirstSend:
            name = "mailbox"

            def __init__(self, inner: Any) -> None:
                self.inner = inner

            async def send(self, email: Any) -> None:
                await self.inner.send(email)
                async with app.state.context.sessionmaker() as session, session.begin():
                    await session.execute(
                        update(Verification)
                        .where(Verification.id == uuid.UUID(third["id"]))
                        .values(status="canceled")
                    )

        worker.backend = KillThirdAfterFirstSend(worker.backend)
        assert await drain() == 3
        for body, to in ((first, TO), (second, OTHER)):
            code = code_in((await newest(client, to))["text"])
            check = await internal.post(
                f"/v1/verifications/{body['id']}/check", json={"code": code}
            )
            assert check.json()["status"] == "approved"
        assert (await client.get(MAILBOX, params={"to": "x@campus.local"})).json()["messages"] == []
        async with app.state.context.sessionmaker() as session:
            statuses = dict(
                (await session.execute(select(OutboxMessage.to, OutboxMessage.status))).all()
            )
        assert statuses == {TO: "sent", OTHER: "sent", "x@campus.local": "canceled"}


class TestMailboxLongPoll:
    async def test_newer_than_lists_only_later_messages(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await start(internal)
        await drain()
        first = await newest(client)
        await start(internal)
        await drain()
        later = (await client.get(MAILBOX, params={"to": TO, "newer_than": first["id"]})).json()
        assert [m["id"] for m in later["messages"]] == [(await newest(client))["id"]]
        assert later["messages"][0]["id"] != first["id"]
        unknown = await client.get(MAILBOX, params={"to": TO, "newer_than": str(uuid.uuid4())})
        assert len(unknown.json()["messages"]) == 2

    async def test_answers_as_soon_as_the_message_is_stored(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await start(internal)
        await drain()
        before = await newest(client)
        began = time.monotonic()
        poll = asyncio.create_task(
            client.get(MAILBOX, params={"to": TO, "newer_than": before["id"], "wait": 10})
        )
        await asyncio.sleep(0.3)
        assert not poll.done()
        await start(internal, OTHER)  # mail to someone else does not answer the poll
        await drain()
        await asyncio.sleep(0.1)
        assert not poll.done()
        await start(internal)
        await drain()
        response = await asyncio.wait_for(poll, 5)
        assert time.monotonic() - began < 5
        messages = response.json()["messages"]
        assert len(messages) == 1
        assert messages[0]["id"] != before["id"]
        assert messages[0]["to"] == TO
        code_in(messages[0]["text"])

    async def test_ends_empty_after_the_wait(self, client: httpx.AsyncClient) -> None:
        began = time.monotonic()
        response = await client.get(MAILBOX, params={"to": TO, "wait": 0.4})
        assert response.status_code == 200
        assert response.json() == {"messages": []}
        assert time.monotonic() - began >= 0.4

    @pytest.mark.parametrize("wait", ["-1", "31", "soon"])
    async def test_refuses_a_bad_wait(self, client: httpx.AsyncClient, wait: str) -> None:
        response = await client.get(MAILBOX, params={"wait": wait})
        assert_problem(response, 422)
