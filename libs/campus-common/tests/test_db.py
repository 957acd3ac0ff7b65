"""The SQL plumbing: the UTC datetime column, the engine factory, database errors as problems
(run on SQLite by default and on PostgreSQL with TEST_DATABASE=postgresql)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import Integer, String, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from campus_common.app import create_service_app
from campus_common.db import UTCDateTime, create_engine, make_metadata, make_sessionmaker
from campus_common.settings import BaseServiceSettings
from campus_testing.databases import fresh_database_url
from campus_testing.problems import assert_problem

from .conftest import client_for


class Base(DeclarativeBase):
    metadata = make_metadata()
    type_annotation_map = {datetime: UTCDateTime}


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    at: Mapped[datetime | None]


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(fresh_database_url("common_db", tmp_path))
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


class TestUTCDateTime:
    async def test_aware_values_come_back_aware_utc(self, engine: AsyncEngine) -> None:
        cet = timezone(timedelta(hours=1))
        sessions = make_sessionmaker(engine)
        async with sessions() as session:
            session.add(Event(id=1, name="a", at=datetime(2026, 12, 2, 18, 30, tzinfo=cet)))
            await session.commit()
        async with sessions() as session:
            row = await session.get(Event, 1)
            assert row is not None
            assert row.at == datetime(2026, 12, 2, 17, 30, tzinfo=UTC)
            assert row.at is not None
            assert row.at.utcoffset() == timedelta(0)

    async def test_comparisons_in_queries_use_utc(self, engine: AsyncEngine) -> None:
        sessions = make_sessionmaker(engine)
        base = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
        async with sessions() as session:
            session.add_all(
                [Event(id=i, name=f"e{i}", at=base + timedelta(hours=i)) for i in range(1, 4)]
            )
            await session.commit()
            later = base.astimezone(timezone(timedelta(hours=-5))) + timedelta(hours=2)
            ids = (await session.scalars(select(Event.id).where(Event.at >= later))).all()
            assert sorted(ids) == [2, 3]

    async def test_naive_datetime_is_refused(self, engine: AsyncEngine) -> None:
        sessions = make_sessionmaker(engine)
        async with sessions() as session:
            session.add(Event(id=1, name="a", at=datetime(2026, 12, 2, 17, 30)))
            with pytest.raises(StatementError, match="naive datetime"):
                await session.commit()

    async def test_null_stays_null(self, engine: AsyncEngine) -> None:
        sessions = make_sessionmaker(engine)
        async with sessions() as session:
            session.add(Event(id=1, name="a", at=None))
            await session.commit()
            assert (await session.scalar(select(Event.at))) is None


class TestCreateEngine:
    def test_sqlite_folder_is_created(self, tmp_path: Path) -> None:
        target = tmp_path / "nested" / "dir" / "x.db"
        engine = create_engine(f"sqlite+aiosqlite:///{target}")
        assert target.parent.is_dir()
        assert engine.dialect.name == "sqlite"

    async def test_sqlite_pragmas(self, tmp_path: Path) -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
        async with engine.connect() as conn:
            assert (await conn.scalar(text("PRAGMA foreign_keys"))) == 1
            assert (await conn.scalar(text("PRAGMA journal_mode"))) == "wal"
        await engine.dispose()

    def test_pool_options_override_defaults(self) -> None:
        engine = create_engine(
            "postgresql+asyncpg://u@127.0.0.1:1/x", pool_size=3, max_overflow=0, pool_timeout=7
        )
        pool: Any = engine.pool
        assert pool.size() == 3
        assert pool._max_overflow == 0
        assert pool._timeout == 7


def _app() -> FastAPI:
    cfg = BaseServiceSettings(service_name="db-errors", environment="test", jwks_url=None)
    app = create_service_app(cfg, title="t", description="t")
    router = APIRouter()

    @router.get("/conflict")
    async def conflict() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate key value violates unique"))

    @router.get("/down")
    async def down() -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))

    @router.post("/events/{name}")
    async def add(name: str, request: Request) -> dict[str, str]:
        async with request.app.state.sessions() as session:
            session.add(Event(name=name))
            await session.commit()
        return {"name": name}

    @router.get("/peer-down")
    async def peer_down() -> None:
        raise ConnectionRefusedError("refused")

    app.include_router(router)
    return app


@pytest.fixture
async def db_client(engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    app = _app()
    app.state.sessions = make_sessionmaker(engine)
    async for c in client_for(app):
        yield c


class TestDatabaseErrors:
    async def test_integrity_error_is_409_conflict(self, db_client: httpx.AsyncClient) -> None:
        r = await db_client.get("/conflict")
        assert_problem(r, 409, "conflict")
        assert "duplicate key" not in r.text

    @pytest.mark.parametrize("path", ["/down", "/peer-down"])
    async def test_unreachable_is_503_unavailable(
        self, db_client: httpx.AsyncClient, path: str
    ) -> None:
        r = await db_client.get(path, headers={"X-Request-ID": "rid-503"})
        assert r.status_code == 503
        assert r.headers["retry-after"] == "5"
        body = r.json()
        assert body["type"].endswith("/unavailable")
        assert body["request_id"] == "rid-503"
        assert "refused" not in r.text

    async def test_real_unique_violation_is_409(self, db_client: httpx.AsyncClient) -> None:
        assert (await db_client.post("/events/x")).status_code == 200
        r = await db_client.post("/events/x")
        assert r.status_code == 409
        assert r.json()["type"].endswith("/conflict")
