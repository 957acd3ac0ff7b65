"""The service, run as a real process, is killed with SIGKILL between claiming an email and
sending it; once restarted, the email still arrives (the claim's lease runs out)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from campus_common import migrations
from campus_common.db import create_engine
from campus_testing.databases import fresh_database_url
from notification_service.cli import MIGRATIONS

from .conftest import code_in, service_headers
from .smtp_server import SmtpServer, free_port

TO = "chen.student@campus.local"


class Service:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "notification_service.main:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--no-access-log",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{self.port}"

    async def ready(self, timeout: float = 60.0) -> None:
        async with httpx.AsyncClient(base_url=self.url) as client:
            for _ in range(int(timeout / 0.1)):
                assert self.process.poll() is None, self.log.read_text()[-2000:]
                try:
                    if (await client.get("/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("service did not become ready")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=15)


async def wait_until(condition: object, timeout: float = 40.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if await condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def crash_database_url(tmp_path: Path) -> str:
    """A database of its own for the service processes of this test."""
    url = fresh_database_url("notification_service_crash", tmp_path)
    migrations.upgrade(MIGRATIONS, url)
    return url


async def test_sigkill_between_claim_and_send_then_restart_delivers(
    tmp_path: Path, smtp: SmtpServer, crash_database_url: str
) -> None:
    url = crash_database_url
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": url,
        "JWKS_URL": "",
        "LOG_LEVEL": "DEBUG",
        "OUTBOX_LEASE": "2",
        "OUTBOX_POLL_INTERVAL": "0.2",
        **{k.upper(): str(v) for k, v in smtp.settings().items()},
    }
    log = tmp_path / "service.log"
    engine = create_engine(url)

    async def outbox_status() -> str | None:
        async with engine.connect() as conn:
            row = (await conn.execute(text("SELECT status FROM email_outbox"))).first()
        return None if row is None else str(row[0])

    first = Service({**env, "OUTBOX_PAUSE_AFTER_CLAIM": "60"}, log)
    second: Service | None = None
    try:
        await first.ready()
        async with httpx.AsyncClient(base_url=first.url, headers=service_headers()) as client:
            created = await client.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        assert created.status_code == 201, created.text
        vid = created.json()["id"]

        async def claimed() -> bool:
            return await outbox_status() == "sending"

        await wait_until(claimed)
        first.stop(signal.SIGKILL)
        assert first.process.returncode == -signal.SIGKILL
        assert smtp.recorder.messages == []

        second = Service(env, log)
        await second.ready()

        async def delivered() -> bool:
            return bool(smtp.recorder.messages) and await outbox_status() == "sent"

        await wait_until(delivered)
        [message] = smtp.recorder.messages
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        code = code_in(str(body.get_content()))
        async with httpx.AsyncClient(base_url=second.url, headers=service_headers()) as client:
            checked = await client.post(f"/v1/verifications/{vid}/check", json={"code": code})
        assert checked.json()["status"] == "approved"
    finally:
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop()
        await engine.dispose()
    logged = log.read_text()
    assert '"email_sent"' in logged
    assert code not in logged
