"""The after-commit hook of the session scope: actions run once the change is durable, never
after a rollback."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import text

from notification_service.transactions import after_commit


class TestAfterCommit:
    async def test_runs_once_after_the_commit(self, app: FastAPI) -> None:
        ran: list[str] = []
        async with app.state.context.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
            after_commit(session, lambda: ran.append("woken"))
            assert ran == []
            await session.commit()
            assert ran == ["woken"]
            await session.execute(text("SELECT 1"))
            await session.commit()
        assert ran == ["woken"]

    async def test_dropped_on_rollback(self, app: FastAPI) -> None:
        ran: list[str] = []
        async with app.state.context.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
            after_commit(session, lambda: ran.append("woken"))
            await session.rollback()
            await session.execute(text("SELECT 1"))
            await session.commit()
        assert ran == []
