"""The one transaction scope and its after-commit hooks: hooks run once after the commit, never
after a rollback; a failing hook is logged by its type and not raised; a problem rolls back
unless the write is kept with `keep_when_refused`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from campus_common.db import (
    AfterCommit,
    after_commit,
    create_engine,
    keep_when_refused,
    make_sessionmaker,
    purge_in_transaction,
    transaction,
)
from campus_common.errors import Conflict


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'hooks.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE notes (body TEXT NOT NULL)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


async def _notes(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        return [r[0] for r in await conn.execute(text("SELECT body FROM notes"))]


async def _write(session: AsyncSession, body: str) -> None:
    await session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})


async def _fail(
    factory: async_sessionmaker[AsyncSession],
    body: str,
    ran: list[str],
    error: Exception,
    *,
    keep: bool = False,
) -> None:
    """Write `body` and register a hook, then end the block with `error`."""
    async with transaction(factory) as session:
        await _write(session, body)
        if keep:
            keep_when_refused(session)
        after_commit(session, lambda: ran.append(body))
        raise error


class TestTransaction:
    async def test_hooks_run_once_after_the_commit(
        self, engine: AsyncEngine, factory: async_sessionmaker[AsyncSession]
    ) -> None:
        ran: list[str] = []
        seen_at_hook: list[list[str]] = []

        async def durable() -> None:
            seen_at_hook.append(await _notes(engine))

        async with transaction(factory) as session:
            await _write(session, "a")
            after_commit(session, lambda: ran.append("sync"))
            after_commit(session, durable)
            assert ran == []
        assert ran == ["sync"]
        assert seen_at_hook == [["a"]]  # the change was durable when the hook ran
        async with transaction(factory) as session:
            await _write(session, "b")
        assert ran == ["sync"]  # a later unit of work does not run them again

    async def test_hooks_dropped_on_rollback(
        self, engine: AsyncEngine, factory: async_sessionmaker[AsyncSession]
    ) -> None:
        ran: list[str] = []
        with pytest.raises(RuntimeError):
            await _fail(factory, "a", ran, RuntimeError("boom"))
        assert ran == []
        assert await _notes(engine) == []

    async def test_problem_rolls_back_unless_kept(
        self, engine: AsyncEngine, factory: async_sessionmaker[AsyncSession]
    ) -> None:
        ran: list[str] = []
        with pytest.raises(Conflict):
            await _fail(factory, "dropped", ran, Conflict("no"))
        with pytest.raises(Conflict):
            await _fail(factory, "kept", ran, Conflict("no, but keep it"), keep=True)
        assert await _notes(engine) == ["kept"]
        assert ran == ["kept"]

    async def test_a_failing_hook_is_logged_not_raised(
        self,
        engine: AsyncEngine,
        factory: async_sessionmaker[AsyncSession],
        capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        ran: list[str] = []

        def broken() -> None:
            raise ValueError("secret-code-123456")

        async with transaction(factory) as session:
            await _write(session, "a")
            after_commit(session, broken)
            after_commit(session, lambda: ran.append("next"))
        assert ran == ["next"]  # the hooks after a failing one still run
        assert await _notes(engine) == ["a"]
        logged = capsys.readouterr()
        out = logged.out + logged.err + caplog.text  # stdout or a logging handler, as configured
        assert "after_commit_failed" in out
        assert "ValueError" in out
        assert "secret-code-123456" not in out  # the type only, never the message


class TestAfterCommit:
    async def test_runs_sync_and_async_hooks_in_order_once(self) -> None:
        ran: list[str] = []

        async def later() -> None:
            ran.append("async")

        hooks = AfterCommit(lambda: ran.append("first"))
        hooks.add(later)
        await hooks.run()
        await hooks.run()
        assert ran == ["first", "async"]


class TestPurgeInTransaction:
    async def test_commits_and_logs_the_counts_only_when_rows_went(
        self,
        engine: AsyncEngine,
        factory: async_sessionmaker[AsyncSession],
        capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        async with transaction(factory) as session:
            await _write(session, "old")

        async def purge(session: AsyncSession) -> dict[str, int]:
            result = await session.execute(text("DELETE FROM notes"))
            return {"notes": int(result.rowcount or 0)}  # type: ignore[attr-defined]

        assert await purge_in_transaction(factory, purge, event="swept") == {"notes": 1}
        assert await _notes(engine) == []
        assert await purge_in_transaction(factory, purge, event="swept") == {"notes": 0}
        logged = capsys.readouterr().out + caplog.text
        assert logged.count("swept") == 1  # nothing deleted: nothing logged
