"""Periodic clean-up: sessions long dead and challenges long expired are deleted (the audit log
is kept). Every PURGE_INTERVAL in the background, or `campus-auth-backend purge`. The same shape
as notification-service's housekeeping: `purge` in the caller's transaction, `purge_once` in its
own, `run_periodically` on `campus_common.tasks`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.context import Context
from auth_backend.login import repository as challenges_repo
from auth_backend.sessions import repository as sessions_repo
from campus_common.db import purge_in_transaction
from campus_common.tasks import every

BATCH = 1000
CHALLENGE_KEEP = timedelta(days=1)
REVOCATION_KEEP = timedelta(hours=1)


async def purge(session: AsyncSession, ctx: Context) -> dict[str, int]:
    """Delete sessions expired or revoked more than PURGE_AFTER ago and challenges expired more
    than a day ago; returns the rows deleted per table."""
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
    return {"sessions": sessions, "challenges": challenges}


async def purge_once(ctx: Context) -> dict[str, int]:
    return await purge_in_transaction(ctx.sessionmaker, lambda s: purge(s, ctx), event="purged")


async def run_periodically(ctx: Context) -> None:
    """Every PURGE_INTERVAL, the first one interval after start; a failed round is logged and
    the next one tries again."""
    await every(
        ctx.settings.purge_interval.total_seconds(),
        lambda: purge_once(ctx),
        failure="purge_failed",
        at_once=False,
    )
