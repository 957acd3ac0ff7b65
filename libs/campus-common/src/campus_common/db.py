"""SQLAlchemy 2 async plumbing shared by the SQL stores: the engine, the naming convention, the
UTC datetime column type, one session per request, and database errors as problems."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, Request
from sqlalchemy import DateTime, MetaData, TypeDecorator, event, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool
from starlette.responses import Response

from campus_common.errors import internal_error_response, problem_response
from campus_common.logging import get_logger

log = get_logger(__name__)

# Stable constraint names, so migrations autogenerate the same names on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    A naive datetime is refused (ValueError): its zone is unknown, so storing it would be a guess.
    Values are stored in UTC (SQLite, which has no zone, gets naive UTC) and come back aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: give a timezone-aware one (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# JSON columns through orjson instead of the standard library: decoding the JSON of a page of
# rows was a tenth of a list request's time with `json.loads`.
JSON_CODEC: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False, **pool: Any) -> AsyncEngine:
    """The one engine factory: SQLite gets WAL, foreign keys and a busy timeout, and its folder
    created; other backends a pool of `pool_size` (`pool` overrides its options, e.g.
    `max_overflow=0, pool_timeout=10`, and passes other engine options through)."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, poolclass=NullPool, **JSON_CODEC, **pool)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    options: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": pool_size,
        # No pre-ping: it adds a round trip to every checkout (measured: 9 % of the notification
        # service's CPU in a login flow). After a database restart the first statement on a stale
        # connection fails (503 to that one request), SQLAlchemy then invalidates the whole pool,
        # and the next checkout connects afresh: `make drills` shows recovery without a restart.
        "pool_pre_ping": False,
        "pool_recycle": 1800,
    }
    options.update(pool)
    return create_async_engine(url, echo=echo, **JSON_CODEC, **options)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session per request: committed when the handler succeeds, rolled back when it raises."""
    async with factory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


def database_check(engine: AsyncEngine) -> Any:
    async def check() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    return check


def is_unavailable(exc: BaseException) -> bool:
    """True for errors meaning a dependency is unreachable (connection refused, database down)."""
    if isinstance(exc, DBAPIError):
        return (
            bool(exc.connection_invalidated)
            or isinstance(exc.orig, OSError)
            or type(exc).__name__ in {"OperationalError", "InterfaceError"}
        )
    return isinstance(exc, ConnectionError | TimeoutError)


def unavailable_response(path: str) -> Response:
    """503 `unavailable`: a database or service this request needs is down; retry shortly."""
    return problem_response(
        503,
        slug="unavailable",
        title="Service Unavailable",
        detail="A service this request needs is unavailable. Try again in a moment.",
        headers={"Retry-After": "5"},
        instance=path,
    )


def conflict_response(path: str) -> Response:
    """409 `conflict`: a unique key or other constraint lost a race with another change."""
    return problem_response(
        409,
        slug="conflict",
        detail="This clashes with a change made at the same moment. Reload and try again.",
        instance=path,
    )


async def _on_database_error(request: Request, exc: Exception) -> Response:
    path = request.url.path
    if isinstance(exc, IntegrityError):
        log.info("integrity_conflict", path=path)
        return conflict_response(path)
    if is_unavailable(exc):
        log.warning("dependency_unavailable", path=path, error=type(exc).__name__)
        return unavailable_response(path)
    return internal_error_response(exc, path)


def install_database_handlers(app: FastAPI) -> None:
    """`IntegrityError` -> 409 `conflict`; an unreachable database (or peer) -> 503 `unavailable`.

    The app factory installs these on every service."""
    app.add_exception_handler(DBAPIError, _on_database_error)
    app.add_exception_handler(ConnectionError, _on_database_error)
