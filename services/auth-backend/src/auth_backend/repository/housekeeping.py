"""Deleting what can no longer be used: old sessions (with their refresh tokens) and challenges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.models import Challenge, RefreshToken, Session


async def purge_sessions(session: AsyncSession, *, before: datetime, batch: int) -> int:
    """Delete up to `batch` sessions expired or revoked before `before`, tokens first."""
    ids = (
        (
            await session.execute(
                select(Session.id)
                .where(or_(Session.expires_at < before, Session.revoked_at < before))
                .limit(batch)
            )
        )
        .scalars()
        .all()
    )
    if ids:
        await session.execute(delete(RefreshToken).where(RefreshToken.session_id.in_(ids)))
        await session.execute(delete(Session).where(Session.id.in_(ids)))
    return len(ids)


async def purge_challenges(session: AsyncSession, *, before: datetime) -> int:
    result = await session.execute(delete(Challenge).where(Challenge.expires_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
