"""Dependencies of the notification-service service as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.db import session_scope
from notification_service.codes import CodeKeeper
from notification_service.outbox.worker import wake_lanes
from notification_service.rendering import EmailRenderer
from notification_service.settings import Settings

_scope = asynccontextmanager(session_scope)


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request, committed on success; wakes the outbox worker of the queued
    emails' lane after the commit, so code emails leave at once instead of at the next poll."""
    async with _scope(request.app.state.sessionmaker) as session:
        yield session
    lanes = session.info.pop("outbox_wake", None)
    if lanes:
        wake_lanes(request.app.state.outbox_workers, lanes)


# The dependencies below are `async def` so FastAPI calls them on the event loop; a plain `def`
# would be sent to the thread pool on every request.
async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _keeper(request: Request) -> CodeKeeper:
    keeper: CodeKeeper = request.app.state.code_keeper
    return keeper


async def _renderer(request: Request) -> EmailRenderer:
    renderer: EmailRenderer = request.app.state.renderer
    return renderer


async def _now(request: Request) -> datetime:
    now: datetime = request.app.state.clock()
    return now


# scope="function": the commit happens before the response is sent, so a 2xx means committed.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(_settings)]
CodeKeeperDep = Annotated[CodeKeeper, Depends(_keeper)]
RendererDep = Annotated[EmailRenderer, Depends(_renderer)]
NowDep = Annotated[datetime, Depends(_now)]
