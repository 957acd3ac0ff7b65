"""Queries on emailed-code challenges (login MFA, password reset, invitation)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.login.models import Challenge


async def by_token_hash(session: AsyncSession, token_hash: str) -> Challenge | None:
    result = await session.execute(select(Challenge).where(Challenge.token_hash == token_hash))
    return result.scalar_one_or_none()


async def finish_open(
    session: AsyncSession, user_id: uuid.UUID, *, purpose: str, at: datetime
) -> None:
    """Close every open challenge of this purpose (a new code replaces the old one)."""
    await session.execute(
        update(Challenge)
        .where(
            Challenge.user_id == user_id,
            Challenge.purpose == purpose,
            Challenge.finished_at.is_(None),
        )
        .values(finished_at=at)
    )


async def purge(session: AsyncSession, *, before: datetime) -> int:
    """Delete challenges that expired before `before`."""
    result = await session.execute(delete(Challenge).where(Challenge.expires_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
