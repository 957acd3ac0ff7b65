"""Housekeeping deletes sessions long dead (with their refresh tokens) and challenges long
expired, and keeps everything still usable and the audit log."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from auth_backend.housekeeping import purge
from auth_backend.models import AuditEvent, Challenge, RefreshToken, Session

from .conftest import ADMIN_EMAIL, Clock, Mailbox, full_login, start_login

pytestmark = pytest.mark.usefixtures("seeded")


async def _counts(app: FastAPI) -> dict[str, int]:
    async with app.state.context.sessionmaker() as session:
        return {
            model.__tablename__: int(
                await session.scalar(select(func.count()).select_from(model)) or 0
            )
            for model in (Session, RefreshToken, Challenge, AuditEvent)
        }


async def _purge(app: FastAPI) -> dict[str, int]:
    async with app.state.context.sessionmaker() as session:
        result = await purge(session, app.state.context)
        await session.commit()
        return result


async def test_purge_keeps_live_and_deletes_dead(
    client: httpx.AsyncClient, mailbox: Mailbox, app: FastAPI, clock: Clock
) -> None:
    old = await full_login(client, mailbox)
    await client.post(
        "/logout", headers={"Cookie": f"campus_refresh={old.cookies['campus_refresh']}"}
    )
    await start_login(client)  # an open challenge
    assert await _purge(app) == {"sessions": 0, "challenges": 0}

    clock.advance(31 * 24 * 3600)  # the logged-out session and the challenge are long dead
    live = await full_login(client, mailbox, ADMIN_EMAIL)
    before = await _counts(app)
    assert before["sessions"] == 2
    assert await _purge(app) == {"sessions": 1, "challenges": 2}
    after = await _counts(app)
    assert after["sessions"] == 1
    assert after["refresh_tokens"] == 1
    assert after["challenges"] == 1  # the one used by the live login, closed minutes ago
    assert after["audit_events"] == before["audit_events"]
    refreshed = await client.post(
        "/refresh", headers={"Cookie": f"campus_refresh={live.cookies['campus_refresh']}"}
    )
    assert refreshed.status_code == 200
