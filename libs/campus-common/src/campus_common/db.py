"""SQLAlchemy 2 async plumbing shared by the SQL stores: the engine, the naming convention, the
UTC datetime column type, the one transaction scope with its after-commit hooks, and database
errors as problems.

A transaction has one owner: a request's session dependency, a CLI command or a background loop,
through `transaction()`. Services only add and flush; they never commit. Two small verbs let them
say what they need of the owner:

- `after_commit(session, hook)`: run `hook` once the transaction is committed (metrics, waking a
  worker, a revocation message); nothing runs when it is rolled back, and a failing hook is logged
  (its type only) and never undoes or fails the committed change.
- `keep_when_refused(session)`: the request will fail with a problem (wrong code, lockout, reused
  refresh token), yet what was written so far (the failure, the revocation) must be kept.

A unit of work without a session (the feedback store's single statements, a MongoDB update)
collects its hooks in an `AfterCommit` and runs them after its own commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
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

from campus_common.errors import ProblemError, internal_error_response, problem_response
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


Hook = Callable[[], Awaitable[None] | None]
_PENDING = "campus_common.after_commit"


class AfterCommit:
    """The hooks one unit of work runs once it has committed, in the order they were added."""

    __slots__ = ("hooks", "keep")

    def __init__(self, *hooks: Hook) -> None:
        self.hooks: list[Hook] = list(hooks)
        self.keep = False  # commit although the block ends with a problem (`keep_when_refused`)

    def add(self, hook: Hook) -> None:
        self.hooks.append(hook)

    async def run(self) -> None:
        """Run every hook once (a sync one is called, an async one awaited); a failing hook is
        logged by its type and skipped, because a side effect never undoes a committed change."""
        hooks, self.hooks = self.hooks, []
        for hook in hooks:
            try:
                result = hook()
                if result is not None:
                    await result
            except Exception as exc:
                log.warning("after_commit_failed", error=type(exc).__name__)


def _pending(session: AsyncSession) -> AfterCommit:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = AfterCommit()
    return pending


def after_commit(session: AsyncSession, hook: Hook) -> None:
    """Run `hook` after the owner commits this transaction (never when it rolls back)."""
    _pending(session).add(hook)


def keep_when_refused(session: AsyncSession) -> None:
    """Commit this transaction even though the block ends with a problem answer."""
    _pending(session).keep = True


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: committed when the block succeeds (or fails with a problem after
    `keep_when_refused`), rolled back otherwise; the after-commit hooks run after a commit and
    are dropped on a rollback."""
    async with factory() as session:
        try:
            yield session
        except ProblemError:
            pending = _pending(session)
            if not pending.keep:
                session.info.pop(_PENDING, None)
                await session.rollback()
                raise
            await session.commit()
            await pending.run()
            raise
        except BaseException:
            session.info.pop(_PENDING, None)
            await session.rollback()
            raise
        await session.commit()
        await _pending(session).run()


Purge = Callable[[AsyncSession], Awaitable[dict[str, int]]]


async def purge_in_transaction(
    factory: async_sessionmaker[AsyncSession], purge: Purge, *, event: str
) -> dict[str, int]:
    """One housekeeping round in a transaction of its own: `purge` returns the rows it deleted
    per table, logged as `event` when there were any."""
    async with transaction(factory) as session:
        counts = await purge(session)
    if any(counts.values()):
        log.info(event, **counts)
    return counts


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
