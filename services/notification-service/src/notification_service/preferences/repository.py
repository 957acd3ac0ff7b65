"""Every query of the preferences domain: a user's stored choices (by id, by address), and the
outbox rows their preferences held back for a digest. A held email is the user's when it
carries their id, or, carrying none (an older request), their address."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import NotificationPreference, OutboxMessage

HELD_FOR_DIGEST = "digest"
IN_DIGEST = "digested"
SUPPRESSED = "suppressed"


async def get(session: AsyncSession, user_id: str) -> NotificationPreference | None:
    return await session.get(NotificationPreference, user_id)


async def by_email(session: AsyncSession, email: str) -> NotificationPreference | None:
    return await session.scalar(
        select(NotificationPreference).where(NotificationPreference.email == email)
    )


async def save(
    session: AsyncSession,
    *,
    user_id: str,
    email: str,
    time_zone: str,
    digest_hour: int,
    choices: dict[str, str],
    now: datetime,
) -> NotificationPreference:
    """Create or replace the user's row. An older row holding the same address (an account
    whose address moved to this one) gives it up."""
    await session.execute(
        delete(NotificationPreference).where(
            NotificationPreference.email == email, NotificationPreference.user_id != user_id
        )
    )
    row = await get(session, user_id)
    if row is None:
        row = NotificationPreference(user_id=user_id)
        session.add(row)
    row.email = email
    row.time_zone = time_zone
    row.digest_hour = digest_hour
    row.choices = dict(choices)
    row.updated_at = now
    await session.flush()
    return row


def _owned_by(user_id: Any, email: Any) -> ColumnElement[bool]:
    return or_(
        OutboxMessage.user_id == user_id,
        and_(OutboxMessage.user_id.is_(None), OutboxMessage.to == email),
    )


async def with_held_entries(session: AsyncSession) -> list[NotificationPreference]:
    """The users who have emails waiting for their digest."""
    waiting = exists().where(
        _owned_by(NotificationPreference.user_id, NotificationPreference.email),
        OutboxMessage.status == HELD_FOR_DIGEST,
    )
    return list((await session.scalars(select(NotificationPreference).where(waiting))).all())


async def held_entries(
    session: AsyncSession, *, user_id: str, email: str, until: datetime
) -> list[OutboxMessage]:
    """The user's emails waiting for a digest, queued up to `until`, oldest first."""
    result = await session.scalars(
        select(OutboxMessage)
        .where(
            _owned_by(user_id, email),
            OutboxMessage.status == HELD_FOR_DIGEST,
            OutboxMessage.created_at <= until,
        )
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return list(result.all())


async def settle_held(
    session: AsyncSession, *, ids: Sequence[uuid.UUID], status: str, now: datetime
) -> int:
    """Move held emails to `status` (in a digest, or suppressed); only those still held."""
    if not ids:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == HELD_FOR_DIGEST)
        .values(status=status, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def held_ids(session: AsyncSession, *, user_id: str, email: str) -> list[uuid.UUID]:
    result = await session.scalars(
        select(OutboxMessage.id).where(
            _owned_by(user_id, email), OutboxMessage.status == HELD_FOR_DIGEST
        )
    )
    return list(result.all())
