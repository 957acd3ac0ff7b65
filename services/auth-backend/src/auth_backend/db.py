"""The declarative base of every domain's ORM models, and the one transaction scope.

A transaction has one owner: the request's `SessionDep` (or the CLI, or the housekeeping loop),
through `transaction()`. Services only add and flush; they never commit. Two small verbs let them
say what they need of the owner:

- `after_commit(session, hook)`: run `hook` once the transaction is committed (metrics, emails,
  revocation messages); nothing runs when it is rolled back.
- `keep_when_refused(session)`: the request will fail with a problem (wrong code, lockout, reused
  refresh token), yet what was written so far (the failure, the revocation) must be kept.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase

from campus_common.db import UTCDateTime, make_metadata
from campus_common.errors import ProblemError
from campus_common.logging import get_logger

log = get_logger(__name__)
Hook = Callable[[], Awaitable[None] | None]
_PENDING = "auth_backend.pending"


class Base(DeclarativeBase):
    metadata = make_metadata()
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}


@dataclass(slots=True)
class _Pending:
    hooks: list[Hook] = field(default_factory=list)
    keep: bool = False


def _pending(session: AsyncSession) -> _Pending:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = _Pending()
    return pending


def after_commit(session: AsyncSession, hook: Hook) -> None:
    """Run `hook` after the owner commits this transaction (never when it rolls back)."""
    _pending(session).hooks.append(hook)


def keep_when_refused(session: AsyncSession) -> None:
    """Commit this transaction even though the request ends with a problem answer."""
    _pending(session).keep = True


async def _run_hooks(pending: _Pending) -> None:
    for hook in pending.hooks:
        try:
            result = hook()
            if result is not None:
                await result
        except Exception as exc:  # a side effect never undoes a committed change
            log.warning("after_commit_failed", error=type(exc).__name__)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: committed when the block succeeds (or fails with a problem after
    `keep_when_refused`), rolled back otherwise; after-commit hooks run after a commit."""
    async with factory() as session:
        try:
            yield session
        except ProblemError:
            pending = _pending(session)
            if not pending.keep:
                await session.rollback()
                raise
            await session.commit()
            await _run_hooks(pending)
            raise
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
        await _run_hooks(_pending(session))
