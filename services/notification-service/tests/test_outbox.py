"""The outbox under concurrency and in the background: no email claimed twice by competing
workers, the background worker delivers at once, SMTP never sits on the request path."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from campus_common.db import is_sqlite
from notification_service.models import MailboxMessage, OutboxMessage
from notification_service.outbox.worker import OutboxWorker, backoff_delay

from .smtp_server import SmtpServer

Drain = Callable[[], Awaitable[int]]
TO = "eli.student@campus.local"


async def queue(internal: httpx.AsyncClient, key: str) -> None:
    body = {"template": "password_changed", "to": TO, "data": {}, "idempotency_key": key}
    assert (await internal.post("/v1/notifications", json=body)).status_code == 202


class TestCompetingWorkers:
    async def test_three_workers_never_send_an_email_twice(
        self, app: FastAPI, internal: httpx.AsyncClient
    ) -> None:
        for i in range(30):
            await queue(internal, f"k{i}")
        base: OutboxWorker = app.state.context.outbox_worker
        settings = base.settings.model_copy(update={"outbox_batch_size": 4})
        workers = [
            OutboxWorker(
                settings=settings,
                sessionmaker=base.sessionmaker,
                backend=base.backend,
                renderer=base.renderer,
                keeper=base.keeper,
                skip_locked=not is_sqlite(settings.database_url),
            )
            for _ in range(3)
        ]

        async def drain(worker: OutboxWorker) -> int:
            total = 0
            while claimed := await worker.run_once():
                total += claimed
            return total

        claimed = await asyncio.gather(*(drain(w) for w in workers))
        assert sum(claimed) == 30
        async with base.sessionmaker() as session:
            delivered = (await session.scalars(select(MailboxMessage.outbox_id))).all()
            sent = await session.scalar(select(func.count()).where(OutboxMessage.status == "sent"))
        assert len(delivered) == 30
        assert len(set(delivered)) == 30
        assert sent == 30


class TestBackoff:
    def test_grows_exponentially_with_jitter_and_a_cap(self) -> None:
        delays = [backoff_delay(n, base=2.0, cap=60.0) for n in range(1, 9)]
        assert 1.0 <= delays[0] <= 2.0
        assert 8.0 <= delays[3] <= 16.0
        assert all(30.0 <= d <= 60.0 for d in delays[6:])
        assert len({backoff_delay(3, base=2.0, cap=60.0) for _ in range(20)}) > 1


@pytest.fixture
def silent_smtp() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word (a stalled SMTP server)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield int(sock.getsockname()[1])
    sock.close()


class TestBackgroundWorker:
    @pytest.mark.parametrize("settings_overrides", [{"outbox_worker_enabled": True}])
    async def test_code_reaches_the_mailbox_without_a_poll_delay(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient
    ) -> None:
        response = await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        assert response.status_code == 201
        for _ in range(100):
            messages = (await client.get("/mailbox/api/messages", params={"to": TO})).json()
            if messages["messages"]:
                break
            await asyncio.sleep(0.02)
        assert messages["messages"][0]["template"] == "login_code"


class TestSmtpNeverOnTheRequestPath:
    @pytest.fixture
    def settings_overrides(self, silent_smtp: int) -> dict[str, Any]:
        return {
            "email_backend": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": silent_smtp,
            "smtp_security": "none",
            "smtp_timeout": 3,
            "outbox_worker_enabled": True,
        }

    async def test_verification_answers_at_once_while_smtp_stalls(
        self, app: FastAPI, internal: httpx.AsyncClient
    ) -> None:
        await queue(internal, "warm-up")
        await asyncio.sleep(0.2)  # the worker is now stuck in the stalled SMTP session
        start = time.perf_counter()
        response = await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        elapsed = time.perf_counter() - start
        assert response.status_code == 201
        assert elapsed < 1.0
        async with app.state.context.sessionmaker() as session:
            statuses = set((await session.scalars(select(OutboxMessage.status))).all())
        assert statuses <= {"pending", "sending"}


class TestSmtpReachability:
    @pytest.fixture
    def smtp(self, tmp_path: Path) -> Iterator[SmtpServer]:
        server = SmtpServer(tmp_path, security="starttls")
        server.start()
        yield server
        server.stop()

    @pytest.fixture
    def settings_overrides(self, smtp: SmtpServer) -> dict[str, Any]:
        return smtp.settings()

    async def test_checked_and_shown_on_the_status_page(
        self, app: FastAPI, smtp: SmtpServer, client: httpx.AsyncClient
    ) -> None:
        result = await app.state.context.monitor.check_smtp()
        assert result.ok is True
        assert smtp.recorder.auth_logins  # the probe authenticates like a real send
        assert "reachable</span> in" in (await client.get("/")).text
        smtp.stop()
        result = await app.state.context.monitor.check_smtp()
        assert result.ok is False
        page = (await client.get("/")).text
        assert "unreachable (SMTPConnectError)" in page
        assert "degraded" in page


class TestShutdown:
    async def test_claims_not_yet_tried_are_handed_back(
        self, app: FastAPI, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        for i in range(3):
            await queue(internal, f"s{i}")
        worker: OutboxWorker = app.state.context.outbox_worker
        worker.settings = worker.settings.model_copy(update={"outbox_pause_after_claim": 30.0})
        task = asyncio.create_task(worker.run_once())

        async def statuses() -> list[tuple[str, int]]:
            async with app.state.context.sessionmaker() as session:
                rows = (
                    await session.execute(select(OutboxMessage.status, OutboxMessage.attempts))
                ).all()
            return sorted((str(s), int(a)) for s, a in rows)

        for _ in range(100):
            if await statuses() == [("sending", 1)] * 3:
                break
            await asyncio.sleep(0.02)
        assert await statuses() == [("sending", 1)] * 3
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await statuses() == [("pending", 0)] * 3
        worker.settings = worker.settings.model_copy(update={"outbox_pause_after_claim": 0.0})
        assert await drain() == 3
        assert await statuses() == [("sent", 1)] * 3


class TestConsoleBackend:
    @pytest.mark.parametrize("settings_overrides", [{"email_backend": "console"}])
    async def test_logs_that_it_sent_never_the_code(
        self, app: FastAPI, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        import io
        import logging

        response = await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        assert response.status_code == 201
        async with app.state.context.sessionmaker() as session:
            row = (await session.scalars(select(OutboxMessage))).one()
        assert row.sealed is not None
        code = app.state.context.keeper.open(row.sealed, context=str(row.id))
        root = logging.getLogger()
        captured = io.StringIO()
        handler = logging.StreamHandler(captured)
        handler.setFormatter(root.handlers[0].formatter)
        root.addHandler(handler)
        old_level = root.level
        root.setLevel(logging.DEBUG)
        try:
            assert await drain() == 1
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)
        lines = captured.getvalue().splitlines()
        console = [line for line in lines if '"email_sent_console"' in line]
        assert len(console) == 1
        assert json.loads(console[0])["to"] == "e***t@c***.local"
        assert [line for line in lines if code in line] == []
        async with app.state.context.sessionmaker() as session:
            sent = (await session.scalars(select(OutboxMessage))).one()
        assert sent.status == "sent"
        assert sent.sealed is None


class GatedBackend:
    """The real mailbox backend behind a gate that holds every non-code email: a slow SMTP
    server for bulk mail, made deterministic."""

    name = "mailbox"

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.gate = asyncio.Event()

    async def send(self, email: Any) -> None:
        if email.template not in ("login_code", "password_reset_code", "invitation"):
            await self.gate.wait()
        await self.inner.send(email)


class TestCodeLane:
    @pytest.mark.parametrize("settings_overrides", [{"outbox_worker_enabled": True}])
    async def test_code_email_does_not_wait_behind_other_mail(
        self, app: FastAPI, internal: httpx.AsyncClient, client: httpx.AsyncClient
    ) -> None:
        gated = GatedBackend(app.state.context.backend)
        for worker in app.state.context.lanes.workers:
            worker.backend = gated
        await queue(internal, "slow-feedback")

        async def outbox_statuses() -> dict[str, str]:
            async with app.state.context.sessionmaker() as session:
                rows = (
                    await session.execute(select(OutboxMessage.template, OutboxMessage.status))
                ).all()
            return {str(t): str(s) for t, s in rows}

        for _ in range(100):
            if (await outbox_statuses()).get("password_changed") == "sending":
                break
            await asyncio.sleep(0.02)
        assert (await outbox_statuses())["password_changed"] == "sending"
        created = await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        assert created.status_code == 201
        for _ in range(100):
            if (await outbox_statuses()).get("login_code") == "sent":
                break
            await asyncio.sleep(0.02)
        assert await outbox_statuses() == {"password_changed": "sending", "login_code": "sent"}
        gated.gate.set()
        for _ in range(100):
            if (await outbox_statuses())["password_changed"] == "sent":
                break
            await asyncio.sleep(0.02)
        messages = (await client.get("/mailbox/api/messages")).json()["messages"]
        assert [m["template"] for m in messages] == ["password_changed", "login_code"]


class TestUnrenderable:
    async def test_a_row_that_cannot_be_rendered_goes_dead_at_once(
        self, app: FastAPI, drain: Drain
    ) -> None:
        from datetime import UTC, datetime

        from notification_service.outbox import repository as outbox_repo

        async with app.state.context.sessionmaker() as session, session.begin():
            await outbox_repo.enqueue(
                session,
                template="feedback_published",
                to=TO,
                data={"title": "missing the url"},
                now=datetime.now(UTC),
            )
        assert await drain() == 1
        async with app.state.context.sessionmaker() as session:
            row = (await session.scalars(select(OutboxMessage))).one()
        assert row.status == "dead"
        assert row.attempts == 1
        assert row.last_error is not None
        assert "UndefinedError" in row.last_error


class SlowBackend:
    """The real mailbox backend, each send taking `delay` seconds (a slow SMTP server)."""

    name = "mailbox"

    def __init__(self, inner: Any, delay: float) -> None:
        self.inner = inner
        self.delay = delay

    async def send(self, email: Any) -> None:
        await asyncio.sleep(self.delay)
        await self.inner.send(email)


class TestLeaseRenewal:
    async def test_a_batch_longer_than_the_lease_is_not_taken_over(
        self, app: FastAPI, internal: httpx.AsyncClient
    ) -> None:
        from datetime import timedelta

        for i in range(5):
            await queue(internal, f"slow{i}")
        base: OutboxWorker = app.state.context.outbox_worker
        settings = base.settings.model_copy(
            update={"outbox_batch_size": 5, "outbox_lease": timedelta(seconds=1)}
        )
        slow = SlowBackend(app.state.context.backend, delay=0.4)
        first, second = (
            OutboxWorker(
                settings=settings,
                sessionmaker=base.sessionmaker,
                backend=slow,
                renderer=base.renderer,
                keeper=base.keeper,
                skip_locked=not is_sqlite(settings.database_url),
            )
            for _ in range(2)
        )
        batch = asyncio.create_task(first.run_once())
        await asyncio.sleep(0.1)
        taken_over = 0
        while not batch.done():
            taken_over += await second.run_once()
            await asyncio.sleep(0.1)
        assert await batch == 5
        assert taken_over == 0
        async with base.sessionmaker() as session:
            delivered = (await session.scalars(select(MailboxMessage.outbox_id))).all()
        assert sorted(map(str, delivered)) == sorted(set(map(str, delivered)))
        assert len(delivered) == 5
