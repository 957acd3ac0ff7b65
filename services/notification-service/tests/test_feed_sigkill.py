"""The service, run as a real process, is killed with SIGKILL while a producer streams feed events
and "published" emails to it; restarted on the same database, it gets every event and email
again (as feedback-service's relay resends what it did not hear back about): each event is in
the feed once and each email is sent once."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from campus_common.db import create_engine
from campus_testing.processes import ServiceProcess, process_env, wait_until

from .conftest import service_headers
from .smtp_server import SmtpServer
from .test_crash_recovery import notification_process

STUDENTS = ("chen.student@campus.local", "ana.student@campus.local", "li.student@campus.local")
COUNT = 12  # feedback published, one feed event and one email each
KILL_AFTER = 5  # events the first process stores before it is killed


def published(i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The feed event and the email the relay posts for the i-th published feedback."""
    to = STUDENTS[i % len(STUDENTS)]
    user_id = f"student-{i % len(STUDENTS)}"
    title = f"Essay {i:02d}"
    event = {
        "id": f"outbox-{i:02d}:{user_id}",
        "user_id": user_id,
        "type": "feedback_published",
        "title": f"New feedback: {title}",
        "summary": "",
        "link": f"/feedback/fb-{i:02d}",
        "data": {},
    }
    email = {
        "template": "feedback_published",
        "to": to,
        "data": {
            "student_name": "Student",
            "mentor_name": "Maria",
            "title": title,
            "url": f"http://localhost/feedback/fb-{i:02d}",
        },
        "idempotency_key": f"feedback-published:fb-{i:02d}",
    }
    return event, email


async def test_sigkill_mid_stream_then_replay_is_exactly_once(
    tmp_path: Path, smtp: SmtpServer, process_database_url: str
) -> None:
    engine = create_engine(process_database_url)
    env = process_env(
        process_database_url, outbox_lease=2, outbox_poll_interval=0.2, **smtp.settings()
    )
    log = tmp_path / "service.log"
    headers = service_headers("feedback-service")
    bodies = [published(i) for i in range(COUNT)]

    async def scalar(sql: str) -> int:
        async with engine.connect() as conn:
            return int((await conn.execute(text(sql))).scalar_one())

    first = notification_process(env, log)
    second: ServiceProcess | None = None
    try:
        await first.ready()
        stored = 0
        lost = 0

        async def relay(client: httpx.AsyncClient, lane: int) -> None:
            """One of four concurrent relays: event, then email, for its share of the feedback."""
            nonlocal stored, lost
            for event, email in bodies[lane::4]:
                try:
                    r = await client.post("/v1/events", json=event)
                    assert r.status_code == 201, r.text
                    stored += 1
                    await client.post("/v1/notifications", json=email)
                except httpx.TransportError:
                    lost += 1  # the answer never came: the relay will send it again
                    return

        async def kill_mid_stream() -> None:
            for _ in range(20_000):
                if stored >= KILL_AFTER:
                    break
                await asyncio.sleep(0.001)
            first.stop(signal.SIGKILL)

        async with httpx.AsyncClient(base_url=first.url, headers=headers, timeout=5) as client:
            await asyncio.gather(kill_mid_stream(), *(relay(client, n) for n in range(4)))
        assert first.process.returncode == -signal.SIGKILL
        assert stored >= KILL_AFTER
        assert stored < COUNT, "the kill came after the whole stream"

        second = notification_process(env, log)
        await second.ready()
        # The relay resends every event and email (it cannot tell which answers were lost).
        async with httpx.AsyncClient(base_url=second.url, headers=headers, timeout=10) as client:
            for event, email in bodies:
                r = await client.post("/v1/events", json=event)
                assert r.status_code in (200, 201), r.text
                r = await client.post("/v1/notifications", json=email)
                assert r.status_code in (200, 202), r.text
            # ... and some of them a second time, as a retry after a timeout would.
            for event, email in bodies[::3]:
                again = await client.post("/v1/events", json=event)
                assert again.status_code == 200
                assert again.json()["created"] is False
                assert (await client.post("/v1/notifications", json=email)).status_code == 200

        async def all_sent() -> bool:
            return (
                await scalar("SELECT count(*) FROM email_outbox WHERE status = 'sent'") >= COUNT
                and len(smtp.recorder.messages) >= COUNT
            )

        await wait_until(all_sent)
        await asyncio.sleep(1)  # a duplicate would be claimed and sent by now

        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT event_id, user_id, count(*) FROM feed_items GROUP BY event_id, user_id"
                    )
                )
            ).all()
        assert sorted((r[0], r[1], r[2]) for r in rows) == sorted(
            (e["id"], e["user_id"], 1) for e, _ in bodies
        )
        assert await scalar("SELECT count(*) FROM email_outbox") == COUNT
        sent = sorted((str(m["To"]), str(m["Subject"])) for m in smtp.recorder.messages)
        assert sent == sorted(
            (mail["to"], f"New feedback from Maria: {mail['data']['title']}") for _, mail in bodies
        )
    finally:
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop()
        await engine.dispose()
