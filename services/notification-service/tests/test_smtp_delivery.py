"""Real mail over a real SMTP server (aiosmtpd with STARTTLS / TLS and AUTH), outbox reliability."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import select

from notification_service.models import DeliveryAttempt, OutboxMessage
from notification_service.outbox import repository as outbox_repo
from notification_service.outbox.backends import (
    OutgoingEmail,
    PermanentDeliveryError,
    build_message,
)

from .conftest import code_in
from .smtp_server import SmtpServer

Drain = Callable[[], Awaitable[int]]
TO = "bea.student@campus.local"


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return {**smtp.settings(), "outbox_backoff_base": 0.2, "outbox_backoff_max": 0.4}


def text_part(message: Any) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


async def start_login(internal: httpx.AsyncClient, to: str = TO) -> str:
    response = await internal.post(
        "/v1/verifications", json={"to": to, "purpose": "login", "data": {"name": "Bea"}}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def queue(internal: httpx.AsyncClient, key: str, to: str = TO) -> httpx.Response:
    return await internal.post(
        "/v1/notifications",
        json={
            "template": "password_changed",
            "to": to,
            "data": {"name": "Bea"},
            "idempotency_key": key,
        },
    )


async def drain_until(drain: Drain, done: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done():
        assert loop.time() < deadline, "outbox did not deliver in time"
        await drain()
        await asyncio.sleep(0.02)


class TestRealSmtp:
    @pytest.mark.parametrize("smtp", ["starttls", "tls", "none"], indirect=True)
    async def test_code_sent_over_smtp_checks_as_approved(
        self, smtp: SmtpServer, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        vid = await start_login(internal)
        assert await drain() == 1
        [message] = smtp.recorder.wait_for(1)
        assert message["To"] == TO
        assert "sign-in code" in message["Subject"]
        assert message.get_body(preferencelist=("html",)) is not None
        if smtp.security != "none":
            assert smtp.recorder.auth_logins, "the client did not authenticate"
        code = code_in(text_part(message))
        response = await internal.post(f"/v1/verifications/{vid}/check", json={"code": code})
        assert response.json()["status"] == "approved", response.text

    async def test_wrong_password_is_retried_not_lost(
        self, app: FastAPI, smtp: SmtpServer, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        app.state.context.backend.settings = app.state.settings.model_copy(
            update={"smtp_password": SecretStr("wrong")}
        )
        app.state.context.outbox_worker.settings = app.state.settings.model_copy(
            update={"outbox_backoff_base": 60.0}
        )
        await queue(internal, "k-auth")
        await drain()
        async with app.state.context.sessionmaker() as session:
            [row] = (await session.scalars(select(OutboxMessage))).all()
        assert row.status == "pending"
        assert row.attempts == 1, (row.last_error, row.status)
        assert row.last_error
        assert "535" in row.last_error
        assert smtp.recorder.messages == []

    async def test_code_emails_go_first(
        self, app: FastAPI, smtp: SmtpServer, internal: httpx.AsyncClient
    ) -> None:
        for i in range(3):
            assert (await queue(internal, f"k{i}")).status_code == 202
        await start_login(internal)
        app.state.context.outbox_worker.settings = app.state.settings.model_copy(
            update={"outbox_batch_size": 1}
        )
        assert await app.state.context.outbox_worker.run_once() == 1
        [first] = smtp.recorder.wait_for(1)
        assert "sign-in code" in first["Subject"]

    async def test_smtp_down_then_back_delivers_each_email_once(
        self, app: FastAPI, smtp: SmtpServer, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        smtp.stop()
        app.state.context.outbox_worker.settings = app.state.settings.model_copy(
            update={"outbox_max_attempts": 1000}
        )
        keys = [f"down-{i}" for i in range(4)]
        for key in keys:
            await queue(internal, key, to=f"{key}@campus.local")
        vid = await start_login(internal)
        for _ in range(3):
            await drain()
            await asyncio.sleep(0.41)
        async with app.state.context.sessionmaker() as session:
            rows = (await session.scalars(select(OutboxMessage))).all()
            failures = (
                await session.scalars(
                    select(DeliveryAttempt).where(DeliveryAttempt.result == "failed")
                )
            ).all()
        assert {r.status for r in rows} == {"pending"}, [
            (r.template, r.status, r.attempts, r.last_error) for r in rows
        ]
        assert len(failures) >= 5
        smtp.start()
        await drain_until(drain, lambda: len(smtp.recorder.messages) >= 5)
        await asyncio.sleep(0.1)
        await drain()
        recipients = sorted(to for _, tos in smtp.recorder.envelopes for to in tos)
        assert recipients == sorted([f"{k}@campus.local" for k in keys] + [TO])
        codes = [m for m in smtp.recorder.messages if m["To"] == TO]
        assert len(codes) == 1
        code = code_in(text_part(codes[0]))
        response = await internal.post(f"/v1/verifications/{vid}/check", json={"code": code})
        assert response.json()["status"] == "approved", response.text

    async def test_dead_after_max_attempts(
        self, app: FastAPI, smtp: SmtpServer, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        smtp.stop()
        app.state.context.outbox_worker.settings = app.state.settings.model_copy(
            update={"outbox_max_attempts": 2}
        )
        await queue(internal, "dead-1")
        for _ in range(3):
            await drain()
            await asyncio.sleep(0.41)
        async with app.state.context.sessionmaker() as session:
            [row] = (await session.scalars(select(OutboxMessage))).all()
        assert row.status == "dead"
        assert row.attempts == 2


class TestHeaderInjection:
    def email(self, **changes: str) -> OutgoingEmail:
        values: dict[str, Any] = {
            "outbox_id": uuid.uuid4(),
            "template": "password_changed",
            "to": TO,
            "subject": "Hello",
            "text": "t",
            "html": "<p>h</p>",
        }
        values.update(changes)
        return OutgoingEmail(**values)

    def test_line_break_in_an_address_is_refused(self) -> None:
        with pytest.raises(PermanentDeliveryError):
            build_message(self.email(to=f"{TO}\r\nBcc: victim@example.org"), sender="a@b.example")
        with pytest.raises(PermanentDeliveryError):
            build_message(self.email(), sender="Campus <a@b.example>\nBcc: x@y.example")

    def test_line_breaks_in_the_subject_are_stripped(self) -> None:
        message = build_message(
            self.email(subject="Hi\r\nBcc: victim@example.org"), sender="a@b.example"
        )
        assert message["Bcc"] is None
        assert "\n" not in message["Subject"]
        assert "\r" not in message["Subject"]

    async def test_injected_outbox_row_goes_dead_and_nothing_is_sent(
        self, app: FastAPI, smtp: SmtpServer, drain: Drain
    ) -> None:
        async with app.state.context.sessionmaker() as session, session.begin():
            await outbox_repo.enqueue(
                session,
                template="password_changed",
                to=f"{TO}\r\nBcc: victim@example.org",
                data={},
                now=datetime.now(UTC),
            )
        await drain()
        async with app.state.context.sessionmaker() as session:
            [row] = (await session.scalars(select(OutboxMessage))).all()
        assert row.status == "dead"
        assert smtp.recorder.messages == []


class TestNoCodeInLogs:
    @pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
    async def test_no_log_line_at_any_level_contains_the_code(
        self, app: FastAPI, smtp: SmtpServer, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        root = logging.getLogger()
        captured = io.StringIO()
        handler = logging.StreamHandler(captured)
        handler.setFormatter(root.handlers[0].formatter)
        handler.addFilter(lambda r: not r.name.startswith("mail.log"))  # the test server's own
        old_level = root.level
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        try:
            created = await internal.post(
                "/v1/verifications",
                json={"to": TO, "purpose": "login"},
                headers={"X-Request-ID": "req-login-1"},
            )
            vid = created.json()["id"]
            await drain()
            [message] = smtp.recorder.wait_for(1)
            code = code_in(text_part(message))
            wrong = f"{(int(code) + 1) % 1_000_000:06d}"
            await internal.post(f"/v1/verifications/{vid}/check", json={"code": wrong})
            await internal.post(f"/v1/verifications/{vid}/check", json={"code": code})
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)
        lines = captured.getvalue().splitlines()
        assert len(lines) >= 4
        sent = [line for line in lines if '"email_sent"' in line]
        assert len(sent) == 1
        assert json.loads(sent[0])["request_id"] == "req-login-1"
        assert [line for line in lines if code in line] == []
