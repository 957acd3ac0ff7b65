"""One real database per suite, SQLite or PostgreSQL.

`TEST_DATABASE=sqlite` (default) or `TEST_DATABASE=postgresql` picks the backend; PostgreSQL is
reached at `TEST_POSTGRES_URL` (default: the local server, trust auth). Each suite gets a database
of its own, dropped and created fresh, so suites and test workers never share state.
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

from sqlalchemy import MetaData, delete
from sqlalchemy.ext.asyncio import AsyncEngine

from campus_common import migrations

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def backend() -> str:
    value = os.environ.get("TEST_DATABASE", "sqlite").lower()
    if value not in {"sqlite", "postgresql"}:
        raise ValueError("TEST_DATABASE must be 'sqlite' or 'postgresql'")
    return value


def _run_in_thread(coro_factory: object) -> None:
    error: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro_factory())  # type: ignore[operator]
        except BaseException as exc:
            error.append(exc)

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if error:
        raise error[0]


def recreate_postgres_database(name: str) -> str:
    """Drop and create database `name` on the test server; return its asyncpg URL."""
    import asyncpg

    admin = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES)

    async def go() -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    _run_in_thread(go)
    base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{name}"


def fresh_database_url(name: str, tmp_dir: Path) -> str:
    """A new, empty database for one test suite (per pytest-xdist worker if any)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if backend() == "postgresql":
        return recreate_postgres_database(f"campus_test_{name}_{worker}")
    return f"sqlite+aiosqlite:///{tmp_dir / f'{name}_{worker}.db'}"


async def truncate_all(engine: AsyncEngine, metadata: MetaData) -> None:
    """Empty every table (children first), keeping the migrated schema."""
    async with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            await conn.execute(delete(table))


def migrated_database_url(name: str, tmp_dir: Path, migrations_dir: Path) -> str:
    """A fresh database for one suite, migrated to head by the service's Alembic migrations."""
    url = fresh_database_url(name, tmp_dir)
    migrations.upgrade(migrations_dir, url)
    return url
