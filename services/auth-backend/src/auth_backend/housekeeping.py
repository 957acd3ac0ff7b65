"""Periodic clean-up: sessions long dead and challenges long expired are deleted (the audit log
is kept)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.context import Context
from auth_backend.login import repository as challenges_repo
from auth_backend.sessions import repository as sessions_repo
from campus_common.db import transaction
from campus_common.logging import get_logger

log = get_logger(__name__)
BATCH = 1000
CHALLENGE_KEEP = timedelta(days=1)
REVOCATION_KEEP = timedelta(hours=1)


async def purge(session: AsyncSession, ctx: Context) -> tuple[int, int]:
    """Delete sessions expired or revoked more than PURGE_AFTER ago and challenges expired more
    than a day ago; returns (sessions, challenges) deleted."""
    now = ctx.now()
    sessions = 0
    while True:
        deleted = await sessions_repo.purge(
            session, before=now - ctx.settings.purge_after, batch=BATCH
        )
        sessions += deleted
        if deleted < BATCH:
            break
    challenges = await challenges_repo.purge(session, before=now - CHALLENGE_KEEP)
    # Revocations matter while a token they refuse can still be presented.
    await sessions_repo.purge_revocations(
        session, before=now - ctx.settings.access_token_ttl - REVOCATION_KEEP
    )
    return sessions, challenges


async def run_periodically(ctx: Context) -> None:
    interval = ctx.settings.purge_interval.total_seconds()
    while True:
        await asyncio.sleep(interval)
        try:
            async with transaction(ctx.sessionmaker) as session:
                sessions, challenges = await purge(session, ctx)
        except Exception as exc:  # the next round tries again
            log.warning("purge_failed", error=type(exc).__name__)
            continue
        if sessions or challenges:
            log.info("purged", sessions=sessions, challenges=challenges)
