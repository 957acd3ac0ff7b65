"""One real database per suite, SQLite or PostgreSQL.

`TEST_DATABASE=sqlite` (default) or `TEST_DATABASE=postgresql` picks the backend; PostgreSQL is
reached at `TEST_POSTGRES_URL` (default: the local server, trust auth). Each suite gets a database
of its own, dropped and created fresh, so suites and test workers never share state.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import MetaData, delete
from sqlalchemy.ext.asyncio import AsyncEngine

from campus_common import migrations
from campus_stack.stack import POSTGRES_ADMIN, recreate_postgres


def backend() -> str:
    value = os.environ.get("TEST_DATABASE", "sqlite").lower()
    if value not in {"sqlite", "postgresql"}:
        raise ValueError("TEST_DATABASE must be 'sqlite' or 'postgresql'")
    return value


def recreate_postgres_database(name: str) -> str:
    """Drop and create database `name` on the test server; return its asyncpg URL."""
    return recreate_postgres(name, os.environ.get("TEST_POSTGRES_URL", POSTGRES_ADMIN))


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def fresh_postgres_url(name: str) -> str:
    """A new, empty PostgreSQL database whatever TEST_DATABASE says (per test worker, so runs
    side by side never drop each other's database)."""
    return recreate_postgres_database(f"campus_test_{name}_{_worker()}")


def fresh_database_url(name: str, tmp_dir: Path) -> str:
    """A new, empty database for one test suite (per pytest-xdist worker if any)."""
    if backend() == "postgresql":
        return fresh_postgres_url(name)
    return f"sqlite+aiosqlite:///{tmp_dir / f'{name}_{_worker()}.db'}"


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
