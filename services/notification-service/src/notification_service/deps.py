"""Dependencies of the notification service as `Annotated` aliases.

The dependencies are `async def` so FastAPI calls them on the event loop; a plain `def` would be
sent to the thread pool on every request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.db import transaction
from notification_service.context import Context


async def _context(request: Request) -> Context:
    ctx: Context = request.app.state.context
    return ctx


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request, the only owner of its transaction: committed on success (the
    actions registered with `campus_common.db.after_commit` then run), rolled back on error."""
    async with transaction(request.app.state.context.sessionmaker) as session:
        yield session


async def _now(request: Request) -> datetime:
    now: datetime = request.app.state.context.clock()
    return now


ContextDep = Annotated[Context, Depends(_context)]
# scope="function": the commit happens before the response is sent, so a 2xx means committed.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
NowDep = Annotated[datetime, Depends(_now)]
