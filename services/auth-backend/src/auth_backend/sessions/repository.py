"""Queries on sessions and their refresh tokens."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.sessions.models import RefreshToken, Revocation, Session


async def get(session: AsyncSession, session_id: uuid.UUID) -> Session | None:
    return await session.get(Session, session_id)


async def token_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    result = await session.execute(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    )
    return result.scalar_one_or_none()


async def mark_rotated(session: AsyncSession, token_id: uuid.UUID, *, at: datetime) -> bool:
    """Mark a token rotated; False when another request rotated it first (a race)."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.rotated_at.is_(None))
        .values(rotated_at=at)
    )
    return bool(getattr(result, "rowcount", 0))


async def active_for_user(
    session: AsyncSession, user_id: uuid.UUID, *, now: datetime
) -> Sequence[Session]:
    result = await session.execute(
        select(Session)
        .where(Session.user_id == user_id, Session.revoked_at.is_(None), Session.expires_at > now)
        .order_by(Session.created_at.desc())
    )
    return result.scalars().all()


async def revoke_all(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    at: datetime,
    reason: str,
    keep: uuid.UUID | None = None,
) -> int:
    query = (
        update(Session)
        .where(Session.user_id == user_id, Session.revoked_at.is_(None))
        .values(revoked_at=at, revoked_reason=reason)
    )
    if keep is not None:
        query = query.where(Session.id != keep)
    result = await session.execute(query)
    return int(getattr(result, "rowcount", 0) or 0)


def add_revocation(
    session: AsyncSession,
    *,
    at: datetime,
    session_id: str | None = None,
    user_id: str | None = None,
    not_before: int | None = None,
) -> Revocation:
    row = Revocation(created_at=at, session_id=session_id, user_id=user_id, not_before=not_before)
    session.add(row)
    return row


async def revocations(
    session: AsyncSession, *, after_id: int | None, since: datetime | None
) -> Sequence[Revocation]:
    """Feed entries in id order: those after `after_id`, or (without it) those since `since`."""
    query = select(Revocation).order_by(Revocation.id)
    if after_id is not None:
        query = query.where(Revocation.id > after_id)
    if since is not None:
        query = query.where(Revocation.created_at >= since)
    result = await session.execute(query)
    return result.scalars().all()


async def last_revocation_id(session: AsyncSession, *, before: datetime) -> int:
    query = select(func.max(Revocation.id)).where(Revocation.created_at <= before)
    return int(await session.scalar(query) or 0)


async def purge_revocations(session: AsyncSession, *, before: datetime) -> int:
    result = await session.execute(delete(Revocation).where(Revocation.created_at < before))
    return int(getattr(result, "rowcount", 0) or 0)


async def purge(session: AsyncSession, *, before: datetime, batch: int) -> int:
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
