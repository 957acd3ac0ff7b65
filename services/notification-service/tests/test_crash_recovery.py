"""The service, run as a real process, is killed with SIGKILL between claiming an email and
sending it; once restarted, the email still arrives (the claim's lease runs out)."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
from sqlalchemy import text

from campus_common.db import create_engine
from campus_testing.processes import ServiceProcess, process_env, wait_until

from .conftest import code_in, service_headers
from .smtp_server import SmtpServer

TO = "chen.student@campus.local"


def notification_process(env: dict[str, str], log: Path) -> ServiceProcess:
    return ServiceProcess("notification_service.main:create_app", env, log)


async def test_sigkill_between_claim_and_send_then_restart_delivers(
    tmp_path: Path, smtp: SmtpServer, process_database_url: str
) -> None:
    url = process_database_url
    settings = {"log_level": "DEBUG", "outbox_lease": 2, "outbox_poll_interval": 0.2}
    env = process_env(url, **settings, **smtp.settings())
    log = tmp_path / "service.log"
    engine = create_engine(url)

    async def outbox_status() -> str | None:
        async with engine.connect() as conn:
            row = (await conn.execute(text("SELECT status FROM email_outbox"))).first()
        return None if row is None else str(row[0])

    first = notification_process({**env, "OUTBOX_PAUSE_AFTER_CLAIM": "60"}, log)
    second: ServiceProcess | None = None
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

        second = notification_process(env, log)
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
