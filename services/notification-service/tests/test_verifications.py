"""The verifications API: create, email through the outbox, resend limits, checks, atomic attempts."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text, update

from campus_testing.problems import assert_problem
from notification_service.models import OutboxMessage, Verification

from .conftest import code_in, service_headers

Drain = Callable[[], Awaitable[int]]
TO = "alex.student@campus.local"


async def start(
    internal: httpx.AsyncClient, to: str = TO, purpose: str = "login"
) -> dict[str, Any]:
    response = await internal.post(
        "/v1/verifications",
        json={"to": to, "channel": "email", "purpose": purpose, "data": {"name": "Alex"}},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def latest_code(client: httpx.AsyncClient, drain: Drain, to: str = TO) -> str:
    await drain()
    response = await client.get("/mailbox/api/messages", params={"to": to, "limit": 1})
    assert response.status_code == 200
    messages = response.json()["messages"]
    assert messages, "no message in the mailbox"
    return code_in(messages[0]["text"])


async def check(internal: httpx.AsyncClient, vid: str, code: str) -> httpx.Response:
    return await internal.post(f"/v1/verifications/{vid}/check", json={"code": code})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


class TestCreate:
    async def test_answers_pending_with_the_contract_shape(
        self, internal: httpx.AsyncClient
    ) -> None:
        body = await start(internal, to="Alex.Student@Campus.local")
        assert body["status"] == "pending"
        assert body["to"] == TO
        assert body["purpose"] == "login"
        assert body["attempts_left"] == 5
        expires = datetime.fromisoformat(body["expires_at"])
        assert timedelta(minutes=9) < expires - datetime.now(UTC) <= timedelta(minutes=10)
        resend_after = datetime.fromisoformat(body["resend_after"])
        assert timedelta(seconds=25) < resend_after - datetime.now(UTC) <= timedelta(seconds=30)
        uuid.UUID(body["id"])

    async def test_emailed_code_approves_once(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        code = await latest_code(client, drain)
        first = await check(internal, body["id"], code)
        assert first.status_code == 200
        assert first.json() == {"id": body["id"], "status": "approved", "attempts_left": 4}
        again = await check(internal, body["id"], code)
        assert again.status_code == 409
        assert again.json()["type"].endswith("/verification-finished")
        assert again.json()["verification_status"] == "approved"

    async def test_code_is_stored_only_as_a_keyed_hash(
        self, app: FastAPI, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        async with app.state.context.engine.connect() as conn:
            outbox_rows = (await conn.execute(select(OutboxMessage))).all()
            verification = (await conn.execute(select(Verification))).one()
        code = await latest_code(client, drain)
        assert code not in verification.code_hash
        assert len(verification.code_hash) == 64
        for row in outbox_rows:
            for value in row:
                if isinstance(value, bytes):
                    assert code.encode() not in value
                else:
                    assert code not in str(value)
        assert body["id"] == str(verification.id)

    async def test_a_new_verification_cancels_the_previous(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        old = await start(internal)
        old_code = await latest_code(client, drain)
        await start(internal)
        response = await check(internal, old["id"], old_code)
        assert response.status_code == 409
        assert response.json()["verification_status"] == "canceled"

    async def test_other_purpose_is_not_canceled(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        login = await start(internal)
        code = await latest_code(client, drain)
        await start(internal, purpose="password_reset")
        assert (await check(internal, login["id"], code)).json()["status"] == "approved"

    async def test_requires_a_service_token(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        assert_problem(response, 401)

    async def test_refuses_an_unknown_caller(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/v1/verifications",
            json={"to": TO, "purpose": "login"},
            headers=service_headers("someone-else"),
        )
        assert response.status_code == 403

    @pytest.mark.parametrize(
        "payload",
        [
            {"to": "not-an-email", "purpose": "login"},
            {"to": "a@b.example\r\nBcc: x@y.example", "purpose": "login"},
            {"to": TO, "purpose": "sudo"},
            {"to": TO, "purpose": "login", "channel": "sms"},
        ],
    )
    async def test_bad_input_is_a_clear_422(
        self, internal: httpx.AsyncClient, payload: dict[str, Any]
    ) -> None:
        response = await internal.post("/v1/verifications", json=payload)
        assert response.status_code == 422
        assert response.json()["type"].endswith("/validation-error")


class TestCheck:
    async def test_wrong_code_counts_down_then_dies(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        code = await latest_code(client, drain)
        statuses = []
        for _ in range(5):
            response = await check(internal, body["id"], wrong(code))
            assert response.status_code == 200
            statuses.append((response.json()["status"], response.json()["attempts_left"]))
        assert statuses == [
            ("pending", 4),
            ("pending", 3),
            ("pending", 2),
            ("pending", 1),
            ("max_attempts_reached", 0),
        ]
        sixth = await check(internal, body["id"], code)
        assert sixth.status_code == 409
        assert sixth.json()["verification_status"] == "max_attempts_reached"

    async def test_expired_code_is_refused(
        self, app: FastAPI, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        code = await latest_code(client, drain)
        async with app.state.context.engine.begin() as conn:
            await conn.execute(
                update(Verification).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        response = await check(internal, body["id"], code)
        assert response.status_code == 409
        assert response.json()["verification_status"] == "expired"

    async def test_unknown_id_is_404(self, internal: httpx.AsyncClient) -> None:
        response = await check(internal, str(uuid.uuid4()), "123456")
        assert response.status_code == 404

    async def test_non_digit_code_is_422(self, internal: httpx.AsyncClient) -> None:
        body = await start(internal)
        response = await check(internal, body["id"], "12345x")
        assert response.status_code == 422

    async def test_twenty_concurrent_wrong_checks_use_exactly_five_attempts(
        self, app: FastAPI, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        code = await latest_code(client, drain)
        responses = await asyncio.gather(
            *(check(internal, body["id"], wrong(code)) for _ in range(20))
        )
        codes = sorted(r.status_code for r in responses)
        assert codes == [200] * 5 + [409] * 15
        results = sorted(r.json()["status"] for r in responses if r.status_code == 200)
        assert results == ["max_attempts_reached"] + ["pending"] * 4
        async with app.state.context.engine.connect() as conn:
            attempts, status = (
                await conn.execute(text("SELECT attempts, status FROM verifications"))
            ).one()
        assert (attempts, status) == (5, "max_attempts_reached")
        assert (await check(internal, body["id"], code)).status_code == 409


class TestResend:
    async def test_inside_the_cooldown_is_429_with_retry_after(
        self, internal: httpx.AsyncClient
    ) -> None:
        body = await start(internal)
        response = await internal.post(f"/v1/verifications/{body['id']}/resend")
        assert response.status_code == 429
        assert 1 <= int(response.headers["Retry-After"]) <= 30
        assert response.json()["type"].endswith("/resend-cooldown")

    @pytest.mark.parametrize("settings_overrides", [{"code_resend_cooldown": 0}])
    async def test_sixth_send_in_ten_minutes_is_429(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        for _ in range(4):
            response = await internal.post(f"/v1/verifications/{body['id']}/resend")
            assert response.status_code == 200, response.text
        sixth = await internal.post(f"/v1/verifications/{body['id']}/resend")
        assert sixth.status_code == 429
        assert sixth.json()["type"].endswith("/send-limit-reached")
        assert 590 <= int(sixth.headers["Retry-After"]) <= 600
        new_one = await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        assert new_one.status_code == 429
        assert await drain() == 1  # only the newest code email is still worth sending

    async def test_send_limit_holds_under_concurrent_creates(
        self, app: FastAPI, internal: httpx.AsyncClient
    ) -> None:
        responses = await asyncio.gather(
            *(
                internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
                for _ in range(10)
            )
        )
        assert sorted(r.status_code for r in responses) == [201] * 5 + [429] * 5
        async with app.state.context.engine.connect() as conn:
            rows = (await conn.execute(text("SELECT status FROM verifications"))).all()
        assert sorted(r[0] for r in rows) == ["canceled"] * 4 + ["pending"]

    @pytest.mark.parametrize("settings_overrides", [{"code_resend_cooldown": 0}])
    async def test_fresh_code_kills_the_old_one(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        old_code = await latest_code(client, drain)
        response = await internal.post(f"/v1/verifications/{body['id']}/resend")
        assert response.status_code == 200
        assert response.json()["id"] == body["id"]
        new_code = await latest_code(client, drain)
        if new_code != old_code:
            assert (await check(internal, body["id"], old_code)).json()["status"] == "pending"
        assert (await check(internal, body["id"], new_code)).json()["status"] == "approved"

    async def test_finished_verification_is_409(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        body = await start(internal)
        await check(internal, body["id"], await latest_code(client, drain))
        response = await internal.post(f"/v1/verifications/{body['id']}/resend")
        assert response.status_code == 409
        assert response.json()["verification_status"] == "approved"

    async def test_unknown_id_is_404(self, internal: httpx.AsyncClient) -> None:
        response = await internal.post(f"/v1/verifications/{uuid.uuid4()}/resend")
        assert response.status_code == 404
