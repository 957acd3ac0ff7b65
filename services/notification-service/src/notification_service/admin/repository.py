"""Queries behind the admin API: the delivery list and putting a dead email back in the queue."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import OutboxMessage, Verification


async def recent(
    session: AsyncSession, *, limit: int, status: str | None = None
) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return list((await session.scalars(query)).all())


async def get(session: AsyncSession, message_id: uuid.UUID) -> OutboxMessage | None:
    return await session.get(OutboxMessage, message_id, populate_existing=True)


async def verification(session: AsyncSession, verification_id: uuid.UUID) -> Verification | None:
    return await session.get(Verification, verification_id)


async def requeue_dead(session: AsyncSession, *, message_id: uuid.UUID, now: datetime) -> bool:
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=now, updated_at=now, last_error=None)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return result.one_or_none() is not None
