"""Queries on the emailed-code challenges of password resets and invitations."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.login.models import Challenge


async def latest_open(
    session: AsyncSession, user_id: uuid.UUID, *, purpose: str, now: datetime
) -> Challenge | None:
    result = await session.execute(
        select(Challenge)
        .where(
            Challenge.user_id == user_id,
            Challenge.purpose == purpose,
            Challenge.finished_at.is_(None),
            Challenge.expires_at > now,
        )
        .order_by(Challenge.created_at.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def grants_in_chain(session: AsyncSession, chain: str, *, purpose: str) -> int:
    """How many grants were handed out since the code that started `chain` was verified."""
    result = await session.execute(
        select(func.count())
        .select_from(Challenge)
        .where(Challenge.purpose == purpose, Challenge.verification_id == chain)
    )
    return int(result.scalar_one())
